package dev.klite.junit5;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.Map;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** Runs test classes in a launcher of their own (one "JVM run" as far as JUnit's root context is concerned). */
final class NestedRun {
  private NestedRun() {}

  static TestExecutionSummary run(Map<String, String> configuration, Class<?>... classes) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
        .configurationParameters(configuration)
        .configurationParameter("junit.jupiter.conditions.deactivate", "org.junit.*DisabledCondition");
    for (Class<?> c : classes) request.selectors(selectClass(c));
    LauncherDiscoveryRequest built = request.build();
    SummaryGeneratingListener summary = new SummaryGeneratingListener();
    LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build())
        .execute(built, summary);
    return summary.getSummary();
  }
}
