package dev.klite.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Starts an in-process klite (API server, controllers and a kubelet that runs pods as local
 * processes) for the annotated test class, on a random port with a temporary data directory and TLS.
 *
 * <p>Inject into fields or parameters: a fabric8 {@code KubernetesClient}, the {@link Klite} handle
 * (URL, kubeconfig path and YAML, {@code kubectl(...)}), or a {@code java.nio.file.Path} annotated
 * {@link KubeconfigPath}.
 *
 * <p>Switches that apply to every annotated class of a run, as JUnit configuration parameters
 * ({@code -Dname=value} or {@code junit-platform.properties}) or environment variables:
 * <ul>
 *   <li>{@value KliteExtension#EXTERNAL_KUBECONFIG_PROPERTY} / {@value KliteExtension#EXTERNAL_KUBECONFIG_ENV}: the
 *       path of a kubeconfig; the tests then run against that cluster (another klite, kind, a real
 *       cluster) and no klite is started. {@link #backoff()} and {@link #inMemoryStore()} have no
 *       effect then.</li>
 *   <li>{@value KliteExtension#REUSE_PROPERTY}{@code =true}: behave as if every class set {@link #reuse()}.</li>
 * </ul>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KliteExtension.class)
public @interface EnableKlite {

  /**
   * Share one server among every test class in the JVM that also sets {@code reuse = true} and the
   * same {@link #backoff()} and {@link #inMemoryStore()} (faster suites; cluster-scoped objects
   * left behind by one class are visible to the next). The server stops when the JVM's test run ends.
   */
  boolean reuse() default false;

  /**
   * Give each test method its own namespace: the injected client, the kubeconfig and
   * {@code kubectl(...)} default to it. The namespace is deleted after the test.
   */
  boolean namespacePerTest() default true;

  /**
   * The first delay before the Job controller re-creates a failed pod and before the kubelet
   * restarts a crashed container, as an ISO-8601 duration. Upstream's is 10 s ("PT10S"); CI suites
   * usually shorten it. The doubling and the caps stay upstream's.
   */
  String backoff() default "PT10S";

  /**
   * Keep objects in memory instead of the RocksDB store: a little faster to start and to write,
   * for suites that never restart the server. Behaviour over the API is the same.
   */
  boolean inMemoryStore() default false;
}
