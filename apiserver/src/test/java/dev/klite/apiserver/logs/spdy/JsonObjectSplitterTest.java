package dev.klite.apiserver.logs.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resize stream carries JSON objects back to back, split or joined across DATA frames. */
class JsonObjectSplitterTest {
  private static List<String> feed(JsonObjectSplitter splitter, String data) {
    return splitter.feed(data.getBytes(StandardCharsets.UTF_8)).stream()
        .map(b -> new String(b, StandardCharsets.UTF_8)).toList();
  }

  @Test
  void splitsJoinedObjects() {
    JsonObjectSplitter splitter = new JsonObjectSplitter();
    assertThat(feed(splitter, "{\"Width\":80,\"Height\":24}\n{\"Width\":100,\"Height\":30}"))
        .containsExactly("{\"Width\":80,\"Height\":24}", "{\"Width\":100,\"Height\":30}");
  }

  @Test
  void joinsSplitObjects() {
    JsonObjectSplitter splitter = new JsonObjectSplitter();
    assertThat(feed(splitter, "{\"Width\":8")).isEmpty();
    assertThat(feed(splitter, "0,\"Height\":24}{\"Wi")).containsExactly("{\"Width\":80,\"Height\":24}");
    assertThat(feed(splitter, "dth\":1,\"Height\":2}")).containsExactly("{\"Width\":1,\"Height\":2}");
  }

  @Test
  void bracesInStringsDoNotCount() {
    JsonObjectSplitter splitter = new JsonObjectSplitter();
    assertThat(feed(splitter, "{\"a\":\"}{\\\"\",\"b\":{\"c\":1}} {\"d\":2}"))
        .containsExactly("{\"a\":\"}{\\\"\",\"b\":{\"c\":1}}", "{\"d\":2}");
  }
}
