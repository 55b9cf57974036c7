package dev.klite.junit5;

import dev.klite.server.Clients;
import dev.klite.server.KliteConfig;
import dev.klite.server.KliteServer;
import dev.klite.server.Kubeconfig;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link EnableKlite}: one klite per test class (or per JVM with
 * {@code reuse}), a namespace per test, and injection of the client, the handle and the
 * kubeconfig path.
 */
public final class KliteExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final Namespace NS = Namespace.create(KliteExtension.class);
  private static final String SERVER = "server";
  private static final String TEST_HANDLE = "test-handle";
  private static final String CLASS_HANDLE = "class-handle";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public void beforeAll(ExtensionContext context) {
    EnableKlite settings = settings(context);
    ExtensionContext owner = settings.reuse() ? context.getRoot() : context;
    RunningKlite running = owner.getStore(NS).getOrComputeIfAbsent(
        "running" + (settings.reuse() ? ":" + settings.backoff() : ""), key -> RunningKlite.start(settings), RunningKlite.class);
    context.getStore(NS).put(SERVER, new Ref(running)); // not closeable: the owner context closes it
    Klite handle = running.handle("default", context.getRequiredTestClass().getSimpleName());
    context.getStore(NS).put(CLASS_HANDLE, new ClosableHandle(handle));
    injectStaticFields(context.getRequiredTestClass(), handle);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    RunningKlite running = context.getStore(NS).get(SERVER, Ref.class).running();
    Klite handle;
    if (settings(context).namespacePerTest()) {
      String namespace = namespaceFor(context);
      try (KubernetesClient admin = running.server().newClient()) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
      }
      handle = running.handle(namespace, namespace);
    } else {
      handle = classHandle(context);
    }
    context.getStore(NS).put(TEST_HANDLE, new ClosableHandle(handle));
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      injectFields(instance, handle);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ClosableHandle h = context.getStore(NS).remove(TEST_HANDLE, ClosableHandle.class);
    if (h == null) return;
    try {
      if (settings(context).namespacePerTest()) {
        // Deleting the namespace removes everything the test created in it (namespace lifecycle).
        try (KubernetesClient admin = context.getStore(NS).get(SERVER, Ref.class).running().server().newClient()) {
          admin.namespaces().withName(h.handle().namespace()).delete();
        }
      }
    } finally {
      h.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
    Class<?> type = pc.getParameter().getType();
    return type == KubernetesClient.class || type == Klite.class
        || (type == Path.class && pc.isAnnotated(KubeconfigPath.class));
  }

  @Override
  public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
    ClosableHandle h = ec.getStore(NS).get(TEST_HANDLE, ClosableHandle.class);
    Klite handle = h != null ? h.handle() : classHandle(ec);
    if (handle == null) throw new ParameterResolutionException("klite is not running for " + ec.getDisplayName());
    return valueFor(pc.getParameter().getType(), handle);
  }

  private static Klite classHandle(ExtensionContext context) {
    ClosableHandle h = context.getStore(NS).get(CLASS_HANDLE, ClosableHandle.class);
    return h == null ? null : h.handle();
  }

  private static Object valueFor(Class<?> type, Klite handle) {
    if (type == KubernetesClient.class) return handle.client();
    if (type == Klite.class) return handle;
    return handle.kubeconfigPath();
  }

  private static void injectFields(Object instance, Klite handle) {
    for (Class<?> c = instance.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) inject(instance, f, handle);
      }
    }
  }

  private static void injectStaticFields(Class<?> testClass, Klite handle) {
    for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) inject(null, f, handle);
      }
    }
  }

  private static void inject(Object target, Field f, Klite handle) {
    Class<?> type = f.getType();
    boolean wanted = type == KubernetesClient.class || type == Klite.class
        || (type == Path.class && f.isAnnotationPresent(KubeconfigPath.class));
    if (!wanted || Modifier.isFinal(f.getModifiers())) return;
    try {
      f.setAccessible(true);
      f.set(target, valueFor(type, handle));
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot inject " + f, e);
    }
  }

  private static EnableKlite settings(ExtensionContext context) {
    return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), EnableKlite.class)
        .orElseThrow(() -> new IllegalStateException("@EnableKlite missing on " + context.getRequiredTestClass()));
  }

  /** A DNS-1123 label from the test method's name plus a random suffix, at most 63 characters. */
  static String namespaceFor(ExtensionContext context) {
    String base = context.getTestMethod().map(m -> m.getName()).orElse("test")
        .replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    String suffix = randomSuffix();
    int max = 63 - suffix.length() - 1;
    if (base.length() > max) base = base.substring(0, max);
    base = base.replaceAll("^-+|-+$", "");
    return (base.isEmpty() ? "test" : base) + "-" + suffix;
  }

  private static String randomSuffix() {
    String alphabet = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 5; i++) sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    return sb.toString();
  }

  /** One started klite and its temporary directory; closed when its owning context ends. */
  @SuppressWarnings("deprecation") // CloseableResource too, so JUnit versions before 5.13 also close it
  record RunningKlite(KliteServer server, Path tempDir) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    static RunningKlite start(EnableKlite settings) {
      try {
        Path dir = Files.createTempDirectory("klite-junit5-");
        Duration backoff = Duration.parse(settings.backoff());
        KliteServer server = KliteServer.start(KliteConfig.defaults(dir.resolve("data"))
            .withPort(0)
            .withBackoffs(backoff, backoff));
        return new RunningKlite(server, dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    Klite handle(String namespace, String label) {
      try {
        Path kubeconfigPath = tempDir.resolve("kubeconfig-" + label.replaceAll("[^A-Za-z0-9_.-]", "_"));
        Kubeconfig kubeconfig = server.kubeconfig().withNamespace(namespace);
        kubeconfig.writeTo(kubeconfigPath);
        Path cache = tempDir.resolve("kubectl-cache");
        return new Klite(server, kubeconfigPath, namespace, Clients.forServer(kubeconfig, "klite-junit5"), cache);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        server.close();
      } finally {
        TempDirs.deleteRecursively(tempDir);
      }
    }
  }

  /** A plain reference to a server owned by another context's store. */
  record Ref(RunningKlite running) {}

  /** Closes the handle's client at the end of its test or class. */
  @SuppressWarnings("deprecation")
  record ClosableHandle(Klite handle) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      handle.client().close();
    }
  }
}
