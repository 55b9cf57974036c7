package dev.klite.conformance.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that re-states one upstream Kubernetes conformance spec. The value is the spec's
 * codename as listed in {@code conformance/specs.txt} (upstream's, without the {@code [Conformance]}
 * suffix and the {@code [NodeConformance]} tag). The method is named after the codename (see
 * {@code SpecList.methodNameFor}), and the build's CONFORMANCE.md reports its outcome.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Conformance {
  /** The upstream codename, e.g. {@code "[sig-apps] Job should delete a job"}. */
  String value();
}
