package dev.klite.apiserver;

import dev.klite.apiserver.discovery.DiscoveryApi;
import dev.klite.apiserver.http.ApiRouter;
import dev.klite.apiserver.http.Renderers;
import dev.klite.apiserver.metrics.ApiMetrics;
import dev.klite.apiserver.openapi.OpenApiRoutes;
import dev.klite.apiserver.patch.Patcher;
import dev.klite.apiserver.quota.QuotaAdmission;
import dev.klite.apiserver.registry.Registry;
import dev.klite.apiserver.registry.ResourceDefinition;
import dev.klite.apiserver.resources.BuiltinResources;
import dev.klite.apiserver.resources.metrics.MetricsV1beta1Resources;
import dev.klite.apiserver.security.AdminToken;
import dev.klite.apiserver.security.Pki;
import dev.klite.apiserver.security.ServiceAccountJwt;
import dev.klite.apiserver.security.ServiceAccountKey;
import dev.klite.apiserver.security.ServingKeys;
import dev.klite.apiserver.serviceaccount.BoundObjects;
import dev.klite.apiserver.serviceaccount.OidcDiscovery;
import dev.klite.apiserver.serviceaccount.ServiceAccountAdmission;
import dev.klite.apiserver.serviceaccount.ServiceAccountOptions;
import dev.klite.apiserver.serviceaccount.TokenAuthenticator;
import dev.klite.apiserver.serviceaccount.TokenRequests;
import dev.klite.apiserver.storage.AsyncKvStore;
import dev.klite.apiserver.table.TableRenderer;
import dev.klite.store.KvStore;
import dev.klite.store.memory.InMemoryKvStore;
import dev.klite.store.rocksdb.RocksKvStore;
import dev.klite.store.rocksdb.RocksKvStoreOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API server: wiring only (store, registry, router, HTTPS server) and an orderly shutdown.
 * {@link #start} blocks until the server listens and may be called from any non-Vert.x thread.
 */
public final class ApiServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
  private static final long STARTUP_TIMEOUT_SECONDS = 60;

  private final Vertx vertx;
  private final KvStore store;
  private final AsyncKvStore asyncStore;
  private final HttpClient kubeletClient;
  private final HttpServer server;
  private final String host;
  private final String caPem;
  private final String adminToken;
  private final Registry registry;
  private final AtomicBoolean ready;
  private boolean closed;

  private ApiServer(Vertx vertx, KvStore store, AsyncKvStore asyncStore, HttpClient kubeletClient, HttpServer server,
      String host, String caPem, String adminToken, Registry registry, AtomicBoolean ready) {
    this.ready = ready;
    this.vertx = vertx;
    this.store = store;
    this.asyncStore = asyncStore;
    this.kubeletClient = kubeletClient;
    this.server = server;
    this.host = host;
    this.caPem = caPem;
    this.adminToken = adminToken;
    this.registry = registry;
  }

  /**
   * Prepares the PKI and token, opens the store, creates the default namespaces and listens.
   *
   * @throws IllegalStateException when any step fails (the partial server is closed)
   */
  public static ApiServer start(ApiServerConfig config) {
    return start(config, true);
  }

  /**
   * Like {@link #start(ApiServerConfig)}; with {@code readyOnStart} false, {@code /readyz} answers
   * 503 until {@link #markReady()} (for embedders that must finish their own start first).
   */
  public static ApiServer start(ApiServerConfig config, boolean readyOnStart) {
    AtomicBoolean ready = new AtomicBoolean(readyOnStart);
    Vertx vertx = Vertx.vertx();
    KvStore store = null;
    CompletableFuture<Pki> pkiTask = null;
    CompletableFuture<ServiceAccountKey> saKeyTask = null;
    try {
      Path pkiDir = config.dataDir().resolve("pki");
      // The two slowest steps of a start are independent: the PKI (key generation, loading
      // BouncyCastle's signed jars) and the store (loading RocksDB's native library, opening it).
      pkiTask = StartTasks.begin("klite-pki", () -> Pki.loadOrCreate(pkiDir, config.bindAddress()));
      // Kept with the PKI so tokens survive a restart; an in-memory server's objects (and so its
      // tokens' ServiceAccounts) die with it, so its key does too.
      saKeyTask = StartTasks.begin("klite-sa-key", () -> config.inMemoryStore() ? ServiceAccountKey.generate()
          : ServiceAccountKey.loadOrCreate(pkiDir));
      store = config.inMemoryStore() ? new InMemoryKvStore()
          : RocksKvStore.open(config.dataDir().resolve("store"),
              RocksKvStoreOptions.defaults().withMinRetention(config.compactionRetention()));
      Pki pki = StartTasks.join(pkiTask);
      ServiceAccountKey saKey = StartTasks.join(saKeyTask);
      String token = AdminToken.loadOrCreate(pkiDir);
      AsyncKvStore async = new AsyncKvStore(vertx, store, config.storeThreads());
      List<ResourceDefinition> defs = config.resources() != null ? config.resources()
          : MetricsV1beta1Resources.appendTo(BuiltinResources.all());
      ResourceDefinition namespaces = defs.stream()
          .filter(d -> d.group().isEmpty() && d.plural().equals("namespaces")).findFirst().orElse(null);
      Clock clock = Clock.systemUTC();
      Registry registry = new Registry(async, clock, namespaces);
      defs.stream().filter(d -> d.group().isEmpty() && d.plural().equals("resourcequotas")).findFirst()
          .ifPresent(quotas -> registry.setCreateAdmission(new QuotaAdmission(registry, quotas)));

      ServiceAccountOptions saOptions = config.serviceAccounts();
      ApiRouter.ServiceAccountServices saServices = null;
      if (BoundObjects.servable(defs)) {
        BoundObjects bound = new BoundObjects(registry, defs);
        ServiceAccountJwt jwt = new ServiceAccountJwt(vertx, saKey, saOptions.issuer(), saOptions.apiAudiences());
        saServices = new ApiRouter.ServiceAccountServices(new TokenRequests(registry, bound, jwt, saOptions),
            new TokenAuthenticator(jwt, bound, clock));
        if (saOptions.admission()) {
          registry.setMutatingAdmission(new ServiceAccountAdmission(vertx, registry, find(defs, "pods"),
              bound.serviceAccounts()));
        }
      }
      AtomicReference<String> externalUrl = new AtomicReference<>();
      HttpClient kubeletClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000));
      ApiMetrics metrics = new ApiMetrics();
      Router router = ApiRouter.create(new ApiRouter.Setup(vertx, registry, defs, renderers(), List.of(token),
          config.kubeletClientToken() != null ? config.kubeletClientToken() : token, kubeletClient, metrics,
          config.watchSettings(), clock, r -> {
            mountSurface(r, defs);
            OidcDiscovery.mount(r, saKey, saOptions, externalUrl::get);
          }, ready::get, saServices));
      HttpServerOptions options = new HttpServerOptions()
          .setSsl(true)
          .setKeyCertOptions(ServingKeys.of(pki.serverCertificateChainPem(), pki.serverKeyPem()))
          .setWebSocketSubProtocols(ApiRouter.EXEC_SUBPROTOCOLS)
          .setMaxWebSocketFrameSize(16 * 1024 * 1024)
          .setMaxWebSocketMessageSize(64 * 1024 * 1024);
      HttpServer server = await(vertx.createHttpServer(options).requestHandler(router)
          .listen(config.port(), config.bindAddress()));
      externalUrl.set(externalUrl(config.bindAddress(), server.actualPort()).toString());
      // Bootstrap after listen so the kubernetes Service names the real port; start() returns
      // (and kubeconfigs get written) only once the default namespaces exist.
      Context context = vertx.getOrCreateContext();
      await(onContext(context, () -> Bootstrap.run(registry, defs, server.actualPort())));
      log.info("API server listening on https://{}:{}", config.bindAddress(), server.actualPort());
      return new ApiServer(vertx, store, async, kubeletClient, server, config.bindAddress(), pki.caCertificatePem(),
          token, registry, ready);
    } catch (RuntimeException e) {
      // Let a PKI still being written finish before the caller cleans up after the failure.
      StartTasks.awaitQuietly(pkiTask);
      StartTasks.awaitQuietly(saKeyTask);
      if (store != null) store.close();
      vertx.close();
      throw new IllegalStateException("the API server failed to start: " + e.getMessage(), e);
    }
  }

  /** Turns {@code /readyz} to 200 (see {@link #start(ApiServerConfig, boolean)}). */
  public void markReady() {
    ready.set(true);
  }

  /** The renderers of the resource packages (server-side tables, patches). */
  static Renderers renderers() {
    return new Renderers(TableRenderer::render, Patcher::apply);
  }

  /** Discovery and OpenAPI routes of the resource packages. */
  static void mountSurface(Router router, List<ResourceDefinition> defs) {
    DiscoveryApi.mount(router, defs);
    OpenApiRoutes.mount(router, defs);
  }

  public int port() {
    return server.actualPort();
  }

  /** {@code https://127.0.0.1:port} (or the bind address; a wildcard bind answers loopback). */
  public URI url() {
    return externalUrl(host, port());
  }

  private static URI externalUrl(String host, int port) {
    String h = host;
    if (h.equals("0.0.0.0") || h.isEmpty()) h = "127.0.0.1";
    if (h.equals("::")) h = "::1";
    if (h.contains(":")) h = "[" + h + "]";
    return URI.create("https://" + h + ":" + port);
  }

  /** The PEM of the cluster CA that signed the serving certificate. */
  public String caCertificatePem() {
    return caPem;
  }

  public String adminToken() {
    return adminToken;
  }

  /** The registry, for in-process callers and tests. */
  public Registry registry() {
    return registry;
  }

  /** The underlying store, for tests and operations (e.g. forcing a compaction). */
  public KvStore store() {
    return store;
  }

  /** Stops listening (ending watches), closes the store and Vert.x. Idempotent; blocks. */
  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      await(server.close());
    } catch (RuntimeException e) {
      log.warn("closing the HTTP server failed: {}", e.getMessage());
    }
    kubeletClient.close();
    asyncStore.close();
    store.close();
    try {
      await(vertx.close());
    } catch (RuntimeException e) {
      log.warn("closing Vert.x failed: {}", e.getMessage());
    }
    log.info("API server stopped");
  }

  private static ResourceDefinition find(List<ResourceDefinition> defs, String plural) {
    return defs.stream().filter(d -> d.group().isEmpty() && d.plural().equals(plural)).findFirst().orElseThrow();
  }

  private static <T> Future<T> onContext(Context context, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(promise);
      } catch (RuntimeException e) {
        promise.fail(e);
      }
    });
    return promise.future();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(STARTUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) throw re;
      throw new IllegalStateException(cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException("timed out", e);
    }
  }
}
