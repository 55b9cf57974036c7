package dev.klite.conformance.support;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Reads the CA and token out of a kubeconfig, to talk HTTPS to the server without kubectl. */
public final class Tls {
  private Tls() {}

  public static SSLContext trusting(String kubeconfigYaml) throws Exception {
    String caData = field(kubeconfigYaml, "certificate-authority-data");
    X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(caData)));
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("klite-ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  public static String token(String kubeconfigYaml) {
    return field(kubeconfigYaml, "token");
  }

  private static String field(String yaml, String name) {
    Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(name) + ":\\s*(\\S+)\\s*$").matcher(yaml);
    if (!m.find()) throw new IllegalArgumentException(name + " not in kubeconfig");
    return new String(m.group(1).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
  }
}
