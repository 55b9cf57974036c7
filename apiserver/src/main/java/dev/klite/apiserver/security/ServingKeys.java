package dev.klite.apiserver.security;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;

/**
 * The API server's serving key and certificate chain as Vert.x key material.
 *
 * <p>Vert.x's {@link PemKeyCertOptions} puts the key into an in-memory PKCS#12 key store, whose
 * key protection runs PBKDF2 with 10,000 iterations on every store and load: a visible share of a
 * cold start's CPU, for a store nobody ever writes out. A JKS store's key protection costs next to
 * nothing, and the resulting {@link KeyManagerFactory} serves the same key and chain. A key that
 * is not unencrypted PKCS#8 (anything Pki did not write) still goes through Vert.x's parser.
 */
public final class ServingKeys {
  private static final Pattern PKCS8 =
      Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
  /** Protects the key only inside this never-persisted store. */
  private static final char[] IN_MEMORY_PASSWORD = "klite".toCharArray();

  private ServingKeys() {}

  /**
   * Key material for a TLS server.
   *
   * @param chainPem the serving certificate first, then its issuers
   * @param keyPem the serving certificate's private key
   * @throws IllegalStateException when the PEM cannot be read
   */
  public static KeyCertOptions of(String chainPem, String keyPem) {
    Matcher m = PKCS8.matcher(keyPem);
    if (!m.find()) {
      return new PemKeyCertOptions().setCertValue(Buffer.buffer(chainPem)).setKeyValue(Buffer.buffer(keyPem));
    }
    try {
      Certificate[] chain = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)))
          .toArray(Certificate[]::new);
      byte[] der = Base64.getMimeDecoder().decode(m.group(1).trim());
      PrivateKey key = KeyFactory.getInstance(chain[0].getPublicKey().getAlgorithm())
          .generatePrivate(new PKCS8EncodedKeySpec(der));
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      store.setKeyEntry("apiserver", key, IN_MEMORY_PASSWORD, chain);
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, IN_MEMORY_PASSWORD);
      return KeyCertOptions.wrap(factory);
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the serving certificate and key", e);
    }
  }
}
