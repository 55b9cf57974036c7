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
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(KliteExtension.class)
public @interface EnableKlite {

  /**
   * Share one server among every test class in the JVM that also sets {@code reuse = true}
   * (faster suites; objects left behind by one class are visible to the next).
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
}
