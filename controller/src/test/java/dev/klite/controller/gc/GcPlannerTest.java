package dev.klite.controller.gc;

import static dev.klite.controller.gc.GcFixtures.deleting;
import static dev.klite.controller.gc.GcFixtures.pod;
import static dev.klite.controller.gc.GcFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.controller.gc.GcPlanner.OwnerState;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GcPlannerTest {

  /** Renders actions compactly: {@code delete c Background}, {@code unref c [a]}, {@code unblock c a}, {@code unfinalize a orphan}. */
  static String show(GcAction a) {
    String n = a.target().name();
    if (a instanceof GcAction.Delete d) {
      return "delete " + n + " " + d.propagationPolicy();
    }
    if (a instanceof GcAction.RemoveOwnerReferences r) {
      return "unref " + n + " " + r.ownerUids();
    }
    if (a instanceof GcAction.UnblockOwner u) {
      return "unblock " + n + " " + u.ownerUid();
    }
    return "unfinalize " + n + " " + ((GcAction.RemoveFinalizer) a).finalizer();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("dependent of a vanished owner is deleted in the background",
            List.of(pod("c", List.of(ref("gone", true)))), Map.of("gone", OwnerState.ABSENT),
            List.of("delete c Background")),
        Arguments.of("dependent with a live owner is left alone",
            List.of(pod("a", List.of()), pod("c", List.of(ref("a", true)))), Map.of(),
            List.of()),
        Arguments.of("a live owner keeps the dependent; only the dangling reference goes",
            List.of(pod("a", List.of()), pod("c", List.of(ref("a", false), ref("gone", false)))),
            Map.of("gone", OwnerState.ABSENT),
            List.of("unref c [gone]")),
        Arguments.of("an owner of unknown kind protects the dependent",
            List.of(pod("c", List.of(ref("gone", false), ref("crd", false)))),
            Map.of("gone", OwnerState.ABSENT, "crd", OwnerState.UNRESOLVED),
            List.of()),
        Arguments.of("foreground owner waits while a blocking dependent exists; the dependent is deleted",
            List.of(deleting("a", List.of(), "foregroundDeletion"), pod("c", List.of(ref("a", true)))), Map.of(),
            List.of("delete c Background")),
        Arguments.of("foreground owner with only non-blocking dependents loses its finalizer",
            List.of(deleting("a", List.of(), "foregroundDeletion"), pod("c", List.of(ref("a", false)))), Map.of(),
            List.of("unfinalize a foregroundDeletion", "delete c Background")),
        Arguments.of("a dependent of a foreground owner that has dependents itself goes in the foreground",
            List.of(deleting("a", List.of(), "foregroundDeletion"), pod("b", List.of(ref("a", true))),
                pod("c", List.of(ref("b", true)))), Map.of(),
            List.of("delete b Foreground")),
        Arguments.of("a waiting owner next to a live one is only unreferenced",
            List.of(deleting("a", List.of(), "foregroundDeletion"), pod("s", List.of()),
                pod("c", List.of(ref("a", true), ref("s", false)))), Map.of(),
            List.of("unref c [a]")),
        Arguments.of("orphan finalizer strips references, then itself",
            List.of(deleting("a", List.of(), "orphan"), pod("c", List.of(ref("a", true))),
                pod("d", List.of(ref("a", false)))), Map.of(),
            List.of("unref c [a]", "unref d [a]", "unfinalize a orphan")),
        Arguments.of("an object deleted without GC finalizers is not touched",
            List.of(deleting("a", List.of(ref("gone", true)))), Map.of("gone", OwnerState.ABSENT),
            List.of()),
        Arguments.of("dependency circle: the dependent whose dependent is deleting its dependents unblocks it",
            // p1 -> owned by p3, p2 -> owned by p1, p3 -> owned by p2; p1 and p2 are in foreground deletion
            List.of(deleting("p1", List.of(ref("p3", true)), "foregroundDeletion"),
                deleting("p2", List.of(ref("p1", true)), "foregroundDeletion"),
                pod("p3", List.of(ref("p2", true)))), Map.of(),
            List.of("unblock p1 p3", "delete p3 Foreground")),
        Arguments.of("dependency circle: once unblocked, the last link releases its finalizer",
            List.of(deleting("p1", List.of(ref("p3", false)), "foregroundDeletion"),
                deleting("p2", List.of(ref("p1", true)), "foregroundDeletion"),
                deleting("p3", List.of(ref("p2", true)), "foregroundDeletion")), Map.of(),
            List.of("unfinalize p3 foregroundDeletion")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void plans(String name, List<GcObject> objects, Map<String, OwnerState> outsideGraph, List<String> expected) {
    OwnerGraph graph = new OwnerGraph(objects);
    List<GcAction> actions = GcPlanner.plan(graph, (ref, dependent) -> graph.get(ref.getUid())
        .map(o -> o.deletingDependents() ? OwnerState.WAITING : OwnerState.SOLID)
        .orElseGet(() -> outsideGraph.getOrDefault(ref.getUid(), OwnerState.ABSENT)));
    assertThat(actions).extracting(GcPlannerTest::show).containsExactlyElementsOf(expected);
  }
}
