package dev.klite.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingKeysTest {

  @TempDir Path dir;

  @Test
  void servesTheSameKeyAndChainAsThePemFiles() throws Exception {
    Pki pki = Pki.loadOrCreate(dir, "127.0.0.1");
    Vertx vertx = Vertx.vertx();
    try {
      X509KeyManager ours = keyManager(ServingKeys.of(pki.serverCertificateChainPem(), pki.serverKeyPem()), vertx);
      X509KeyManager pem = keyManager(new PemKeyCertOptions()
          .setCertValue(Buffer.buffer(pki.serverCertificateChainPem()))
          .setKeyValue(Buffer.buffer(pki.serverKeyPem())), vertx);

      String alias = ours.getServerAliases("EC", null)[0];
      X509Certificate[] chain = ours.getCertificateChain(alias);
      String pemAlias = pem.getServerAliases("EC", null)[0];
      assertThat(chain).containsExactly(pem.getCertificateChain(pemAlias));
      assertThat(ours.getPrivateKey(alias).getEncoded()).isEqualTo(pem.getPrivateKey(pemAlias).getEncoded());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void leavesKeysItDidNotWriteToVertx() {
    KeyCertOptions options = ServingKeys.of("chain", "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");

    assertThat(options).isInstanceOf(PemKeyCertOptions.class);
  }

  private static X509KeyManager keyManager(KeyCertOptions options, Vertx vertx) throws Exception {
    return (X509KeyManager) options.getKeyManagerFactory(vertx).getKeyManagers()[0];
  }
}
