package dev.klite.controller.gc;

import static dev.klite.controller.gc.GcFixtures.pod;
import static dev.klite.controller.gc.GcFixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcPatchesTest {

  @Test
  void removesReferencesFromTheEndSoIndexesStayValid() {
    GcObject c = pod("c", List.of(ref("a", true), ref("b", false), ref("x", false)));
    assertThat(GcPatches.forAction(new GcAction.RemoveOwnerReferences(c, List.of("a", "x")))).contains("["
        + "{\"op\":\"test\",\"path\":\"/metadata/ownerReferences/2/uid\",\"value\":\"x\"},"
        + "{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences/2\"},"
        + "{\"op\":\"test\",\"path\":\"/metadata/ownerReferences/0/uid\",\"value\":\"a\"},"
        + "{\"op\":\"remove\",\"path\":\"/metadata/ownerReferences/0\"}]");
  }

  @Test
  void unblocksOnlyBlockingReferencesToTheOwner() {
    GcObject c = pod("c", List.of(ref("b", true), ref("a", true)));
    assertThat(GcPatches.forAction(new GcAction.UnblockOwner(c, "a"))).contains("["
        + "{\"op\":\"test\",\"path\":\"/metadata/ownerReferences/1/uid\",\"value\":\"a\"},"
        + "{\"op\":\"replace\",\"path\":\"/metadata/ownerReferences/1/blockOwnerDeletion\",\"value\":false}]");
  }

  @Test
  void removesAFinalizerGuardedByItsValue() {
    GcObject a = pod("a", List.of(), "x", "foregroundDeletion");
    assertThat(GcPatches.forAction(new GcAction.RemoveFinalizer(a, "foregroundDeletion"))).contains("["
        + "{\"op\":\"test\",\"path\":\"/metadata/finalizers/1\",\"value\":\"foregroundDeletion\"},"
        + "{\"op\":\"remove\",\"path\":\"/metadata/finalizers/1\"}]");
  }

  @Test
  void nothingToChangeGivesNoPatch() {
    assertThat(GcPatches.forAction(new GcAction.RemoveFinalizer(pod("a", List.of()), "orphan"))).isEmpty();
  }
}
