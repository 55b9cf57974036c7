package dev.klite.junit5;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
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
 * {@code reuse}), or an external cluster given by kubeconfig; a namespace per test; injection of
 * the client, the handle and the kubeconfig path.
 */
public final class KliteExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** JUnit configuration parameter (or system property): run against the cluster of this kubeconfig. */
  public static final String EXTERNAL_KUBECONFIG_PROPERTY = "klite.kubeconfig";
  /** Environment variable with the same meaning as {@value #EXTERNAL_KUBECONFIG_PROPERTY}. */
  public static final String EXTERNAL_KUBECONFIG_ENV = "KLITE_KUBECONFIG";
  /** JUnit configuration parameter (or system property): {@code true} makes every class share servers as with {@code reuse}. */
  public static final String REUSE_PROPERTY = "klite.reuse";

  private static final Namespace NS = Namespace.create(KliteExtension.class);
  private static final String SERVER = "server";
  private static final String TEST_HANDLE = "test-handle";
  private static final String CLASS_HANDLE = "class-handle";
  private static final SecureRandom RANDOM = new SecureRandom();

  @Override
  public void beforeAll(ExtensionContext context) {
    EnableKlite settings = settings(context);
    Optional<Path> external = externalKubeconfig(context);
    boolean shared = external.isPresent() || settings.reuse()
        || context.getConfigurationParameter(REUSE_PROPERTY).map(Boolean::parseBoolean).orElse(false);
    ExtensionContext owner = shared ? context.getRoot() : context;
    String key = external.map(p -> "external:" + p)
        .orElseGet(() -> "running" + (shared ? ":" + settings.backoff() + ":" + settings.inMemoryStore() : ""));
    ClusterTarget target = owner.getStore(NS).getOrComputeIfAbsent(key,
        k -> new OwnedTarget(external.<ClusterTarget>map(ExternalCluster::of).orElseGet(() -> EmbeddedKlite.start(settings))),
        OwnedTarget.class).target();
    context.getStore(NS).put(SERVER, new Ref(target)); // not closeable: the owner context closes it
    Klite handle = target.handle("default", context.getRequiredTestClass().getSimpleName());
    context.getStore(NS).put(CLASS_HANDLE, new ClosableHandle(handle));
    injectStaticFields(context.getRequiredTestClass(), handle);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    ClusterTarget target = context.getStore(NS).get(SERVER, Ref.class).target();
    Klite handle;
    if (settings(context).namespacePerTest()) {
      String namespace = namespaceFor(context);
      try (KubernetesClient admin = target.newAdminClient()) {
        admin.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
      }
      handle = target.handle(namespace, namespace);
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
        try (KubernetesClient admin = context.getStore(NS).get(SERVER, Ref.class).target().newAdminClient()) {
          admin.namespaces().withName(h.handle().namespace()).delete();
        }
      }
    } finally {
      if (settings(context).namespacePerTest()) h.close();
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

  /** The external kubeconfig, from the configuration parameter first, then the environment. */
  static Optional<Path> externalKubeconfig(ExtensionContext context) {
    return context.getConfigurationParameter(EXTERNAL_KUBECONFIG_PROPERTY)
        .or(() -> Optional.ofNullable(System.getenv(EXTERNAL_KUBECONFIG_ENV)))
        .filter(s -> !s.isBlank())
        .map(Path::of);
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

  /** A target owned by a context's store: closed when that context (the class, or the whole run) ends. */
  @SuppressWarnings("deprecation") // CloseableResource too, so JUnit versions before 5.13 also close it
  record OwnedTarget(ClusterTarget target) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() throws Exception {
      target.close();
    }
  }

  /** A plain reference to a target owned by another context's store. */
  record Ref(ClusterTarget target) {}

  /** Closes the handle's client at the end of its test or class. */
  @SuppressWarnings("deprecation")
  record ClosableHandle(Klite handle) implements AutoCloseable, ExtensionContext.Store.CloseableResource {
    @Override
    public void close() {
      handle.client().close();
    }
  }
}
