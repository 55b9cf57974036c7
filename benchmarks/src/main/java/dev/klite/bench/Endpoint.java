package dev.klite.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How to reach a server under test: its HTTPS base URL, bearer token, the TLS trust to use and,
 * for kubectl, a kubeconfig file.
 *
 * @param name {@code klite} or {@code peer}
 * @param base e.g. {@code https://127.0.0.1:41234}
 * @param token the bearer token ({@code ""} when the server needs none)
 * @param caPem the server's CA certificate, or empty to trust any certificate (the peer's self-signed one)
 * @param kubeconfig a kubeconfig for kubectl
 */
public record Endpoint(String name, URI base, String token, Optional<String> caPem, Path kubeconfig) {

  public Endpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(caPem, "caPem");
  }

  /** TLS that trusts the CA, or (peer) any certificate without checking the host name. */
  public SSLContext sslContext() {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      if (caPem.isPresent()) {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (Certificate c : cf.generateCertificates(new ByteArrayInputStream(caPem.get().getBytes(StandardCharsets.UTF_8)))) {
          ks.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        ctx.init(null, tmf.getTrustManagers(), null);
      } else {
        ctx.init(null, new TrustManager[] {new TrustAll()}, null);
      }
      return ctx;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot build TLS context for " + base, e);
    }
  }

  /** A fabric8 client for this server (watches and waits); the caller closes it. */
  public KubernetesClient fabric8Client() {
    ConfigBuilder b = new ConfigBuilder(Config.empty())
        .withMasterUrl(base.toString())
        .withRequestTimeout(60_000)
        .withNamespace("default");
    if (!token.isEmpty()) b.withOauthToken(token);
    if (caPem.isPresent()) {
      b.withCaCertData(Base64.getEncoder().encodeToString(caPem.get().getBytes(StandardCharsets.UTF_8)));
    } else {
      b.withTrustCerts(true).withDisableHostnameVerification(true);
    }
    return new KubernetesClientBuilder().withConfig(b.build()).build();
  }

  /** Trusts every certificate; only for the peer, whose certificate is self-signed per start. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
    @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
  }
}
