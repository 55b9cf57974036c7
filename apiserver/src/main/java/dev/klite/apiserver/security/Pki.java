package dev.klite.apiserver.security;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's PKI under {@code <dataDir>/pki}: a self-signed CA ({@code ca.crt}, {@code ca.key})
 * and a serving certificate signed by it ({@code apiserver.crt}, {@code apiserver.key}) with SANs
 * for 127.0.0.1, ::1, localhost, the host name and the bind address. Generated on first start,
 * reused afterwards; the serving certificate is re-issued (same CA) when a SAN is missing or it
 * is about to expire. Keys are ECDSA P-256, written PKCS#8 with mode 0600. Blocking (file I/O):
 * call off the event loop.
 */
public final class Pki {
  private static final Logger log = LoggerFactory.getLogger(Pki.class);
  private static final Duration CA_VALIDITY = Duration.ofDays(3650);
  private static final Duration SERVER_VALIDITY = Duration.ofDays(365);

  private final String caCertPem;
  private final String serverCertPem;
  private final String serverKeyPem;

  private Pki(String caCertPem, String serverCertPem, String serverKeyPem) {
    this.caCertPem = caCertPem;
    this.serverCertPem = serverCertPem;
    this.serverKeyPem = serverKeyPem;
  }

  public String caCertificatePem() {
    return caCertPem;
  }

  /** The serving certificate followed by the CA (a full chain for clients). */
  public String serverCertificateChainPem() {
    return serverCertPem + caCertPem;
  }

  public String serverKeyPem() {
    return serverKeyPem;
  }

  /** Loads the PKI of {@code dir} or creates what is missing. */
  public static Pki loadOrCreate(Path dir, String bindAddress) {
    try {
      Files.createDirectories(dir);
      Path caCrt = dir.resolve("ca.crt");
      Path caKey = dir.resolve("ca.key");
      Path srvCrt = dir.resolve("apiserver.crt");
      Path srvKey = dir.resolve("apiserver.key");
      if (!Files.exists(caCrt) || !Files.exists(caKey)) {
        log.info("generating a new cluster CA in {}", dir);
        KeyPair ca = newKeyPair();
        X509Certificate cert = issue("CN=klite-ca", ca, "CN=klite-ca", ca.getPrivate(), CA_VALIDITY, true, List.of());
        SecureFiles.write(caKey, pem(new JcaPKCS8Generator(ca.getPrivate(), null)));
        SecureFiles.write(caCrt, pem(cert));
        Files.deleteIfExists(srvCrt);
      }
      String caCertPem = Files.readString(caCrt);
      X509Certificate caCert = readCert(caCertPem);
      Set<String> sans = subjectAltNames(bindAddress);
      if (!Files.exists(srvCrt) || !Files.exists(srvKey) || !covers(readCert(Files.readString(srvCrt)), sans)) {
        log.info("issuing the API server certificate for {}", sans);
        PrivateKey caPrivate = readKey(Files.readString(caKey));
        KeyPair server = newKeyPair();
        X509Certificate cert = issue("CN=kube-apiserver", server, caCert.getSubjectX500Principal().getName(),
            caPrivate, SERVER_VALIDITY, false, new ArrayList<>(sans));
        SecureFiles.write(srvKey, pem(new JcaPKCS8Generator(server.getPrivate(), null)));
        SecureFiles.write(srvCrt, pem(cert));
      }
      return new Pki(caCertPem, Files.readString(srvCrt), Files.readString(srvKey));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the PKI in " + dir, e);
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot generate certificates", e);
    }
  }

  static Set<String> subjectAltNames(String bindAddress) {
    Set<String> sans = new LinkedHashSet<>(List.of("127.0.0.1", "::1", "localhost", "kubernetes",
        "kubernetes.default", "kubernetes.default.svc"));
    try {
      sans.add(InetAddress.getLocalHost().getHostName());
    } catch (UnknownHostException e) {
      log.debug("no local host name: {}", e.getMessage());
    }
    if (bindAddress != null && !bindAddress.isEmpty() && !bindAddress.equals("0.0.0.0") && !bindAddress.equals("::")) {
      sans.add(bindAddress);
    }
    return sans;
  }

  private static boolean covers(X509Certificate cert, Set<String> sans) throws GeneralSecurityException {
    if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(30)))) return false;
    Collection<List<?>> names = cert.getSubjectAlternativeNames();
    Set<String> present = new LinkedHashSet<>();
    if (names != null) {
      for (List<?> n : names) present.add(normalize(String.valueOf(n.get(1))));
    }
    for (String s : sans) {
      if (!present.contains(normalize(s))) return false;
    }
    return true;
  }

  private static String normalize(String name) {
    if (isIp(name)) {
      try {
        return InetAddress.getByName(name).getHostAddress();
      } catch (UnknownHostException e) {
        return name;
      }
    }
    return name.toLowerCase(java.util.Locale.ROOT);
  }

  private static boolean isIp(String s) {
    return s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  private static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
    return g.generateKeyPair();
  }

  private static X509Certificate issue(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
      Duration validity, boolean ca, List<String> sans) throws GeneralSecurityException, OperatorCreationException,
      IOException {
    Instant now = Instant.now();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer),
        new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(validity)), new X500Name(subject), subjectKeys.getPublic());
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
    if (ca) {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign
          | KeyUsage.digitalSignature));
    } else {
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      GeneralName[] names = sans.stream()
          .map(s -> new GeneralName(isIp(s) ? GeneralName.iPAddress : GeneralName.dNSName, s))
          .toArray(GeneralName[]::new);
      b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
    }
    X509CertificateHolder holder = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey));
    return new JcaX509CertificateConverter().getCertificate(holder);
  }

  private static String pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return w.toString();
  }

  /**
   * With the JDK's own parser: a restart that reuses the PKI then loads no BouncyCastle class, and
   * so skips verifying BouncyCastle's signed jars (a noticeable share of a start's CPU time).
   */
  private static X509Certificate readCert(String pem) throws GeneralSecurityException {
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
  }

  private static PrivateKey readKey(String pem) throws IOException {
    try (PEMParser p = new PEMParser(new StringReader(pem))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) return conv.getKeyPair(kp).getPrivate();
      return conv.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) o);
    }
  }
}
