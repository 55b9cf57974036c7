package dev.klite.apiserver.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Json;
import dev.klite.apiserver.storage.AsyncKvStore;
import dev.klite.apiserver.table.ColumnDefinition;
import dev.klite.apiserver.table.TableConvertor;
import dev.klite.store.memory.InMemoryKvStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The generic registry on its own, with a small cluster-scoped test kind and its own strategy. */
class RegistryTest {
  private static final TableConvertor NAME_AGE = new TableConvertor() {
    @Override
    public List<ColumnDefinition> columns() {
      return List.of(ColumnDefinition.name("Name"));
    }

    @Override
    public List<Object> cells(ObjectNode object, Instant now) {
      return List.of(object.path("metadata").path("name").asString());
    }
  };

  /** Widgets: deletes wait 10 s, default propagation is Orphan with a warning, spec changes bump generation. */
  private static final ResourceStrategy STRATEGY = new ResourceStrategy() {
    @Override
    public OptionalLong deletionGracePeriodSeconds(ObjectNode object, Long requested) {
      return requested != null ? OptionalLong.of(requested) : OptionalLong.of(10);
    }

    @Override
    public String defaultPropagationPolicy() {
      return "Orphan";
    }

    @Override
    public List<String> defaultPropagationWarnings() {
      return List.of("widgets are orphaned by default");
    }

    @Override
    public boolean generationChanged(ObjectNode object, ObjectNode old) {
      return !object.path("spec").equals(old.path("spec"));
    }
  };

  private static final ResourceDefinition WIDGETS = new ResourceDefinition("example.com", "v1", "Widget", "widgets",
      "widget", List.of(), List.of(), false, ResourceDefinition.ALL_VERBS, Set.of(), STRATEGY, NAME_AGE, Map.of(),
      Object.class);

  private Vertx vertx;
  private InMemoryKvStore store;
  private Registry registry;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
    store = new InMemoryKvStore();
    registry = new Registry(new AsyncKvStore(vertx, store, 2), Clock.systemUTC(), null);
  }

  @AfterEach
  void tearDown() throws Exception {
    store.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  private static ObjectNode widget(String name, String spec) {
    ObjectNode w = Json.object();
    w.put("apiVersion", "example.com/v1");
    w.put("kind", "Widget");
    w.putObject("metadata").put("name", name);
    w.putObject("spec").put("size", spec);
    return w;
  }

  @Test
  void storesUnderAGroupQualifiedKeyWithoutResourceVersion() throws Exception {
    Result created = await(registry.create(WIDGETS, "", widget("a", "s"), false));
    var kv = store.get(dev.klite.store.Bytes.of("/registry/example.com/widgets/a")).orElseThrow();
    assertThat(kv.value().utf8()).doesNotContain("resourceVersion");
    assertThat(created.object().path("metadata").path("resourceVersion").asString())
        .isEqualTo(Long.toString(kv.modRevision()));
    assertThat(created.object().path("metadata").path("generation").asLong()).isEqualTo(1);
  }

  @Test
  void generationGrowsOnlyWhenTheStrategySaysSoAndNoOpUpdatesDoNotWrite() throws Exception {
    ObjectNode created = await(registry.create(WIDGETS, "", widget("g", "s"), false)).object();
    ObjectNode same = await(registry.update(WIDGETS, "", "g", created.deepCopy(), false, false)).object();
    assertThat(same.path("metadata").path("resourceVersion")).isEqualTo(created.path("metadata").path("resourceVersion"));
    ObjectNode labelled = created.deepCopy();
    labelled.withObject("metadata").withObject("labels").put("a", "b");
    ObjectNode afterLabel = await(registry.update(WIDGETS, "", "g", labelled, false, false)).object();
    assertThat(afterLabel.path("metadata").path("generation").asLong()).isEqualTo(1);
    ObjectNode resized = afterLabel.deepCopy();
    resized.withObject("spec").put("size", "l");
    assertThat(await(registry.update(WIDGETS, "", "g", resized, false, false)).object()
        .path("metadata").path("generation").asLong()).isEqualTo(2);
  }

  @Test
  void defaultPropagationAddsTheOrphanFinalizerAndTheWarning() throws Exception {
    await(registry.create(WIDGETS, "", widget("o", "s"), false));
    Result r = await(registry.delete(WIDGETS, "", "o", new DeleteOptions(0L, null, null, null, null, false)));
    assertThat(r.warnings()).containsExactly("widgets are orphaned by default");
    assertThat(r.object().path("metadata").path("finalizers").toString()).isEqualTo("[\"orphan\"]");
  }

  @Test
  void gracefulDeletionKeepsTheObjectUntilAZeroGraceDelete() throws Exception {
    await(registry.create(WIDGETS, "", widget("d", "s"), false));
    DeleteOptions background = new DeleteOptions(null, "Background", null, null, null, false);
    Result first = await(registry.delete(WIDGETS, "", "d", background));
    assertThat(first.object().path("metadata").path("deletionGracePeriodSeconds").asLong()).isEqualTo(10);
    assertThat(await(registry.get(WIDGETS, "", "d"))).isNotNull();
    await(registry.delete(WIDGETS, "", "d", new DeleteOptions(0L, "Background", null, null, null, false)));
    assertThatThrownBy(() -> await(registry.get(WIDGETS, "", "d")))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
            .isEqualTo("widgets.example.com \"d\" not found"));
  }

  @Test
  void continueTokensFromACompactedRevisionAre410() throws Exception {
    for (String n : List.of("a", "b", "c")) await(registry.create(WIDGETS, "", widget(n, "s"), false));
    ListOptions page = new ListOptions(dev.klite.apiserver.selector.SelectionPredicate.everything(WIDGETS), "", "", 1,
        "", false, null);
    ListResult first = await(registry.list(WIDGETS, "", page));
    await(registry.create(WIDGETS, "", widget("d", "s"), false));
    store.compact(store.currentRevision());
    ListOptions next = new ListOptions(page.predicate(), "", "", 1, first.continueToken(), false, null);
    assertThatThrownBy(() -> await(registry.list(WIDGETS, "", next)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.code()).isEqualTo(410);
          assertThat(e.getMessage()).startsWith("The provided continue parameter is too old");
        });
  }

  /** etcd3/store.go handleCompactedErrorForPaging: the 410 carries a token that goes on at the latest revision. */
  @Test
  void anExpiredContinueOffersAnInconsistentOne() throws Exception {
    for (String n : List.of("a", "b", "c")) await(registry.create(WIDGETS, "", widget(n, "s"), false));
    ListOptions page = new ListOptions(dev.klite.apiserver.selector.SelectionPredicate.everything(WIDGETS), "", "", 2,
        "", false, null);
    ListResult first = await(registry.list(WIDGETS, "", page));
    await(registry.create(WIDGETS, "", widget("d", "s"), false));
    store.compact(store.currentRevision());
    ListOptions next = new ListOptions(page.predicate(), "", "", 2, first.continueToken(), false, null);
    dev.klite.apiserver.errors.InconsistentContinueException expired = org.junit.jupiter.api.Assertions.assertThrows(
        dev.klite.apiserver.errors.InconsistentContinueException.class, () -> await(registry.list(WIDGETS, "", next)));
    assertThat(expired.code()).isEqualTo(410);
    assertThat(expired.reason()).isEqualTo("Expired");
    assertThat(expired.getMessage()).contains("use the continue token in this response");
    assertThat(dev.klite.apiserver.errors.Statuses.failure(expired).path("metadata").path("continue").asString())
        .isEqualTo(expired.continueToken());

    ListResult rest = await(registry.list(WIDGETS, "",
        new ListOptions(page.predicate(), "", "", 2, expired.continueToken(), false, null)));
    assertThat(rest.items()).extracting(o -> o.path("metadata").path("name").asString()).containsExactly("c", "d");
    assertThat(rest.revision()).isGreaterThan(first.revision());
  }
}
