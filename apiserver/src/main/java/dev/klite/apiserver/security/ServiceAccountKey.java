package dev.klite.apiserver.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service-account token signing key: RSA 2048, as kubeadm's {@code sa.key} / {@code sa.pub}
 * next to the other PKI files (both 0600), created on first start and reused afterwards so tokens
 * stay valid across restarts. {@link #generate()} makes a key that lives only as long as the
 * server (in-memory stores). Loading and generating block: call off the event loop.
 */
public final class ServiceAccountKey {
  private static final Logger log = LoggerFactory.getLogger(ServiceAccountKey.class);
  private static final String PRIVATE_FILE = "sa.key";
  private static final String PUBLIC_FILE = "sa.pub";

  private final RSAPrivateCrtKey privateKey;
  private final RSAPublicKey publicKey;
  private final String keyId;

  private ServiceAccountKey(RSAPrivateCrtKey privateKey) {
    try {
      this.privateKey = privateKey;
      this.publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
      this.keyId = keyIdOf(publicKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive the service account public key", e);
    }
  }

  /** A fresh key that is never written anywhere. */
  public static ServiceAccountKey generate() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair pair = g.generateKeyPair();
      return new ServiceAccountKey((RSAPrivateCrtKey) pair.getPrivate());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate the service account key", e);
    }
  }

  /** Reads {@code sa.key} of {@code pkiDir}, or generates it (and {@code sa.pub}) when missing. */
  public static ServiceAccountKey loadOrCreate(Path pkiDir) {
    Path keyFile = pkiDir.resolve(PRIVATE_FILE);
    try {
      Files.createDirectories(pkiDir);
      if (Files.exists(keyFile)) {
        ServiceAccountKey key = new ServiceAccountKey(readPrivate(Files.readString(keyFile)));
        if (!Files.exists(pkiDir.resolve(PUBLIC_FILE))) SecureFiles.write(pkiDir.resolve(PUBLIC_FILE), key.publicPem());
        return key;
      }
      log.info("generating the service account signing key in {}", pkiDir);
      ServiceAccountKey key = generate();
      SecureFiles.write(keyFile, key.privatePem());
      SecureFiles.write(pkiDir.resolve(PUBLIC_FILE), key.publicPem());
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the service account key in " + pkiDir, e);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the service account key " + keyFile, e);
    }
  }

  public RSAPrivateCrtKey privateKey() {
    return privateKey;
  }

  public RSAPublicKey publicKey() {
    return publicKey;
  }

  /**
   * The JWT {@code kid}: unpadded base64url of the SHA-256 of the PKIX (DER) public key, as
   * upstream's keyIDFromPublicKey (pkg/serviceaccount/jwt.go), so tokens name the same key id a
   * kube-apiserver with this key would.
   */
  public String keyId() {
    return keyId;
  }

  /** The PKCS#8 PEM of the private key. */
  public String privatePem() {
    return pem("PRIVATE KEY", privateKey.getEncoded());
  }

  /** The PKIX ("PUBLIC KEY") PEM of the public key. */
  public String publicPem() {
    return pem("PUBLIC KEY", publicKey.getEncoded());
  }

  /** The modulus as unsigned big-endian base64url (the JWK {@code n}). */
  public String modulusBase64Url() {
    return base64Url(unsigned(publicKey.getModulus()));
  }

  /** The public exponent as unsigned big-endian base64url (the JWK {@code e}). */
  public String exponentBase64Url() {
    return base64Url(unsigned(publicKey.getPublicExponent()));
  }

  static String keyIdOf(RSAPublicKey key) throws GeneralSecurityException {
    return base64Url(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static RSAPrivateCrtKey readPrivate(String pem) throws GeneralSecurityException {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
