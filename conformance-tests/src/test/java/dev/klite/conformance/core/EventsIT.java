package dev.klite.conformance.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.conformance.support.Conformance;
import dev.klite.junit5.EnableKlite;
import dev.klite.junit5.Klite;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Upstream test/e2e/instrumentation/core_events.go and events.go (events.k8s.io/v1). */
@EnableKlite
class EventsIT {
  KubernetesClient client;
  Klite klite;

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS).toString();
  }

  private Event coreEvent(String name, String labelKey) {
    return new EventBuilder().withNewMetadata().withName(name).addToLabels(labelKey, "true").endMetadata()
        .withNewInvolvedObject().withKind("Pod").withName("test-pod").withNamespace(klite.namespace()).withApiVersion("v1").endInvolvedObject()
        .withReason("Testing").withMessage("This is a test event").withType("Normal").withCount(1)
        .withNewSource().withComponent("test-component").endSource()
        .build();
  }

  @Test
  @Conformance("[sig-instrumentation] Events should manage the lifecycle of an event")
  void eventsShouldManageTheLifecycleOfAnEvent() {
    client.v1().events().resource(coreEvent("event-test", "testevent-constant")).create();
    assertThat(client.v1().events().inAnyNamespace().withLabel("testevent-constant", "true").list().getItems())
        .extracting(e -> e.getMetadata().getName()).contains("event-test");

    Event patched = client.v1().events().withName("event-test").patch(PatchContext.of(PatchType.STRATEGIC_MERGE),
        "{\"message\":\"This is a test event - patched\"}");
    assertThat(patched.getMessage()).isEqualTo("This is a test event - patched");

    Event withSeries = client.v1().events().withName("event-test").edit(e -> new EventBuilder(e)
        .withNewSeries().withCount(100).withLastObservedTime(new MicroTime(now())).endSeries().build());
    assertThat(withSeries.getSeries().getCount()).isEqualTo(100);
    assertThat(client.v1().events().withName("event-test").get().getSeries().getCount()).isEqualTo(100);

    client.v1().events().withName("event-test").delete();
    assertThat(client.v1().events().withLabel("testevent-constant", "true").list().getItems()).isEmpty();
  }

  @Test
  @Conformance("[sig-instrumentation] Events should delete a collection of events")
  void eventsShouldDeleteACollectionOfEvents() {
    for (String name : new String[] {"test-event-1", "test-event-2", "test-event-3"}) {
      client.v1().events().resource(coreEvent(name, "testevent-set")).create();
    }
    assertThat(client.v1().events().withLabel("testevent-set", "true").list().getItems()).hasSize(3);
    client.v1().events().withLabel("testevent-set", "true").delete();
    assertThat(client.v1().events().withLabel("testevent-set", "true").list().getItems()).isEmpty();
  }

  private io.fabric8.kubernetes.api.model.events.v1.Event apiEvent(String name, String labelKey) {
    return new io.fabric8.kubernetes.api.model.events.v1.EventBuilder()
        .withNewMetadata().withName(name).addToLabels(labelKey, "true").endMetadata()
        .withEventTime(new MicroTime(now()))
        .withReportingController("test-controller").withReportingInstance("test-node")
        .withAction("Scheduling").withReason("Testing").withType("Normal").withNote("This is a test event")
        .withNewRegarding().withKind("Pod").withName("test-pod").withNamespace(klite.namespace()).withApiVersion("v1").endRegarding()
        .build();
  }

  @Test
  @Conformance("[sig-instrumentation] Events API should ensure that an event can be fetched, patched, deleted, and listed")
  void eventsApiShouldEnsureThatAnEventCanBeFetchedPatchedDeletedAndListed() {
    var events = client.events().v1().events();
    events.resource(apiEvent("event-test", "testevent-constant")).create();
    assertThat(events.withName("event-test").get().getNote()).isEqualTo("This is a test event");
    assertThat(events.inAnyNamespace().withLabel("testevent-constant", "true").list().getItems())
        .extracting(e -> e.getMetadata().getName()).contains("event-test");
    // Upstream also selects the event through both APIs: core by source, events.k8s.io by reportingController.
    assertThat(client.v1().events().withField("source", "test-controller").list().getItems())
        .extracting(e -> e.getMetadata().getName()).containsExactly("event-test");
    assertThat(events.withField("reportingController", "test-controller").list().getItems())
        .extracting(e -> e.getMetadata().getName()).containsExactly("event-test");

    var patched = events.withName("event-test").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"note\":\"This is a patched event\"}");
    assertThat(patched.getNote()).isEqualTo("This is a patched event");
    // events.k8s.io/v1 is served from the same storage as core/v1 Events: the note is the core message
    assertThat(client.v1().events().withName("event-test").get().getMessage()).isEqualTo("This is a patched event");

    var withSeries = events.withName("event-test").edit(e -> new io.fabric8.kubernetes.api.model.events.v1.EventBuilder(e)
        .withNewSeries().withCount(100).withLastObservedTime(new MicroTime(now())).endSeries().build());
    assertThat(withSeries.getSeries().getCount()).isEqualTo(100);
    assertThat(events.withName("event-test").get().getSeries().getCount()).isEqualTo(100);

    events.withName("event-test").delete();
    assertThat(events.withName("event-test").get()).isNull();
    assertThat(events.withLabel("testevent-constant", "true").list().getItems()).isEmpty();
  }

  @Test
  @Conformance("[sig-instrumentation] Events API should delete a collection of events")
  void eventsApiShouldDeleteACollectionOfEvents() {
    var events = client.events().v1().events();
    for (String name : new String[] {"test-event-1", "test-event-2", "test-event-3"}) {
      events.resource(apiEvent(name, "testevent-set")).create();
    }
    assertThat(events.withLabel("testevent-set", "true").list().getItems()).hasSize(3);
    events.withLabel("testevent-set", "true").delete();
    assertThat(events.withLabel("testevent-set", "true").list().getItems()).isEmpty();
  }
}
