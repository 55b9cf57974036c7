package dev.klite.conformance.report;

import dev.klite.conformance.report.SpecList.Spec;
import dev.klite.conformance.support.Conformance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Disabled;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ReflectionSupport;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes CONFORMANCE.md: every in-scope spec of {@link SpecList} with the outcome of the test that
 * re-states it in this run (pass, fail, disabled with the {@code @Disabled} reason, skipped) or
 * "not implemented" / "not applicable". Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}, so it runs inside
 * Failsafe with no extra plugin.
 *
 * <p>The report always goes to {@code target/conformance/CONFORMANCE.md}. It replaces the
 * repository's {@code CONFORMANCE.md} (system property {@value #REPORT_PROPERTY}, set by the POM)
 * only when the run covered every {@code @Conformance} test, so {@code -Dit.test=...} runs never
 * overwrite the full report with a partial one.
 */
public final class ConformanceReport implements TestExecutionListener {
  /** Where the full report goes (the repository root's CONFORMANCE.md); unset means nowhere. */
  public static final String REPORT_PROPERTY = "klite.conformance.report";
  static final String PACKAGE = "dev.klite.conformance";

  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  private final Map<String, Outcome> guide = new ConcurrentHashMap<>();
  private TestPlan plan;

  /** What happened to one spec's test in this run. */
  record Outcome(Status status, String test, String detail) {}

  enum Status {
    PASS("pass"), FAIL("fail"), DISABLED("disabled"), SKIPPED("skipped"), NOT_RUN("not run in this build"),
    NOT_IMPLEMENTED("not implemented"), NOT_APPLICABLE("not applicable");

    final String label;

    Status(String label) {
      this.label = label;
    }
  }

  @Override
  public void testPlanExecutionStarted(TestPlan testPlan) {
    this.plan = testPlan;
  }

  @Override
  public void executionSkipped(TestIdentifier id, String reason) {
    if (plan == null) return;
    record(id, Status.DISABLED, reason);
    for (TestIdentifier d : plan.getDescendants(id)) record(d, Status.DISABLED, reason);
  }

  @Override
  public void executionFinished(TestIdentifier id, TestExecutionResult result) {
    switch (result.getStatus()) {
      case SUCCESSFUL -> record(id, Status.PASS, "");
      case ABORTED -> record(id, Status.SKIPPED, message(result));
      case FAILED -> record(id, Status.FAIL, message(result));
    }
  }

  private static String message(TestExecutionResult result) {
    return result.getThrowable().map(t -> {
      String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
      String flat = m.replaceAll("\\s+", " ").strip();
      return flat.length() > 240 ? flat.substring(0, 240) + "..." : flat;
    }).orElse("");
  }

  private void record(TestIdentifier id, Status status, String detail) {
    guideTestOf(id).ifPresent(m -> guide.merge(testName(m), new Outcome(status, testName(m), detail),
        (a, b) -> a.status() == Status.FAIL ? a : b));
    conformanceOf(id).ifPresent(m -> outcomes.merge(m.getAnnotation(Conformance.class).value(),
        new Outcome(status, testName(m), detail), (a, b) -> a.status() == Status.FAIL ? a : b));
  }

  private static Optional<Method> guideTestOf(TestIdentifier id) {
    return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getJavaMethod())
        .filter(m -> m.getDeclaringClass().getPackageName().equals(PACKAGE + ".guide"));
  }

  private static Optional<Method> conformanceOf(TestIdentifier id) {
    return id.getSource().filter(MethodSource.class::isInstance).map(s -> ((MethodSource) s).getJavaMethod())
        .filter(m -> m.isAnnotationPresent(Conformance.class));
  }

  private static String testName(Method m) {
    return m.getDeclaringClass().getSimpleName() + "." + m.getName();
  }

  @Override
  public void testPlanExecutionFinished(TestPlan testPlan) {
    if (outcomes.isEmpty()) return; // not a conformance run (unit tests, a nested launcher)
    Map<String, Method> all = ConformanceTests.scan();
    boolean complete = true;
    Map<String, Outcome> merged = new LinkedHashMap<>();
    for (Map.Entry<String, Method> e : all.entrySet()) {
      Outcome o = outcomes.get(e.getKey());
      if (o == null) {
        Method m = e.getValue();
        Optional<Disabled> disabled = AnnotationSupport.findAnnotation(m, Disabled.class)
            .or(() -> AnnotationSupport.findAnnotation(m.getDeclaringClass(), Disabled.class));
        if (disabled.isPresent()) {
          o = new Outcome(Status.DISABLED, testName(m), disabled.get().value());
        } else {
          o = new Outcome(Status.NOT_RUN, testName(m), "");
          complete = false;
        }
      }
      merged.put(e.getKey(), o);
    }
    String markdown = MarkdownReport.render(SpecList.load(), merged, new java.util.TreeMap<>(guide));
    write(Path.of("target", "conformance", "CONFORMANCE.md"), markdown);
    String target = System.getProperty(REPORT_PROPERTY);
    if (complete && target != null && !target.isBlank()) write(Path.of(target), markdown);
  }

  private static void write(Path path, String content) {
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      Files.writeString(path, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** Finds the {@code @Conformance} test methods of this test tree. */
  static final class ConformanceTests {
    private ConformanceTests() {}

    static Map<String, Method> scan() {
      Map<String, Method> found = new LinkedHashMap<>();
      for (Class<?> c : ReflectionSupport.findAllClassesInPackage(PACKAGE, x -> true, n -> true)) {
        for (Method m : c.getDeclaredMethods()) {
          Conformance a = m.getAnnotation(Conformance.class);
          if (a != null) found.put(a.value(), m);
        }
      }
      return found;
    }
  }
}
