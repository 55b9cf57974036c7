package dev.klite.apiserver;

import static dev.klite.apiserver.CrudTest.configMap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.klite.apiserver.TestClient.Response;
import dev.klite.apiserver.TestClient.WatchStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

/** Watch-list ({@code sendInitialEvents}) and the ListOptions rules of upstream's validation.go. */
class WatchListTest extends InMemoryServerTest {
  private static final String CM = "/api/v1/namespaces/default/configmaps";


  @Test
  void sendInitialEventsStreamsTheStateThenTheInitialEventsEndBookmarkThenChanges() throws Exception {
    client.post(CM, configMap("wl-a", "1"));
    client.post(CM, configMap("wl-b", "1"));
    try (WatchStream w = client.watch(CM + "?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan"
        + "&allowWatchBookmarks=true&fieldSelector=metadata.name!%3Dnone", null)) {
      // Every current object as ADDED (other tests share the namespace), then the bookmark.
      java.util.List<String> added = new java.util.ArrayList<>();
      ObjectNode end = w.next();
      while (end.path("type").asString().equals("ADDED")) {
        added.add(end.path("object").path("metadata").path("name").asString());
        end = w.next();
      }
      assertThat(added).contains("wl-a", "wl-b");
      assertThat(end.path("type").asString()).isEqualTo("BOOKMARK");
      assertThat(end.path("object").path("kind").asString()).isEqualTo("ConfigMap");
      assertThat(end.path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end")
          .asString()).isEqualTo("true");
      String listRv = end.path("object").path("metadata").path("resourceVersion").asString();
      Response c = client.post(CM, configMap("wl-c", "1"));
      ObjectNode live = w.next();
      while (live.path("type").asString().equals("BOOKMARK")) live = w.next();
      assertThat(live.path("type").asString()).isEqualTo("ADDED");
      assertThat(live.path("object").path("metadata").path("name").asString()).isEqualTo("wl-c");
      assertThat(Long.parseLong(c.json().path("metadata").path("resourceVersion").asString()))
          .isGreaterThan(Long.parseLong(listRv));
    }
  }

  @Test
  void sendInitialEventsFalseStartsAtTheGivenRevisionWithoutState() throws Exception {
    Response a = client.post(CM, configMap("wl-d", "1"));
    String rv = a.json().path("metadata").path("resourceVersion").asString();
    try (WatchStream w = client.watch(CM + "?watch=true&sendInitialEvents=false&resourceVersionMatch=NotOlderThan"
        + "&resourceVersion=" + rv, null)) {
      client.post(CM, configMap("wl-e", "1"));
      ObjectNode e = w.next();
      assertThat(e.path("type").asString() + " " + e.path("object").path("metadata").path("name").asString())
          .isEqualTo("ADDED wl-e");
    }
  }

  static Stream<Arguments> invalidOptions() {
    String prefix = "ListOptions.meta.k8s.io \"\" is invalid: ";
    return Stream.of(
        Arguments.of("watch without NotOlderThan", "?watch=true&sendInitialEvents=true",
            prefix + "resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to "
                + "NotOlderThan"),
        Arguments.of("watch with a match but no sendInitialEvents", "?watch=1&resourceVersionMatch=NotOlderThan",
            prefix + "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless "
                + "sendInitialEvents is provided"),
        Arguments.of("list with sendInitialEvents", "?sendInitialEvents=true",
            prefix + "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list"),
        Arguments.of("list match without resourceVersion", "?resourceVersionMatch=Exact",
            prefix + "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is "
                + "provided"),
        Arguments.of("list Exact at 0", "?resourceVersionMatch=Exact&resourceVersion=0",
            prefix + "resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for "
                + "resourceVersion \"0\""),
        Arguments.of("list unknown match", "?resourceVersionMatch=Newest&resourceVersion=1",
            prefix + "resourceVersionMatch: Unsupported value: \"Newest\": supported values: \"Exact\", "
                + "\"NotOlderThan\", \"\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidOptions")
  void invalidListOptionsAre422WithUpstreamMessages(String name, String query, String message) {
    Response r = client.get(CM + query);
    assertThat(r.code()).as(r.body()).isEqualTo(422);
    assertThat(r.json().path("reason").asString()).isEqualTo("Invalid");
    assertThat(r.json().path("message").asString()).isEqualTo(message);
  }

  @Test
  void goStyleBooleansAreAccepted() throws Exception {
    client.post(CM, configMap("wl-bool", "1"));
    try (WatchStream w = client.watch(CM + "?watch=True&resourceVersion=0", null)) {
      assertThat(w.next().path("type").asString()).isEqualTo("ADDED");
    }
    Response bad = client.get(CM + "?watch=yes");
    assertThat(bad.code()).isEqualTo(400);
  }
}
