package dev.klite.kubelet.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ImageDefaultsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("command and args", "busybox:1.35", List.of("sh", "-c"), List.of("echo hi"),
            Optional.of(List.of("sh", "-c", "echo hi"))),
        Arguments.of("command on an unknown image", "example.com/app:1", List.of("/app"), List.of(),
            Optional.of(List.of("/app"))),
        Arguments.of("args alone on busybox are the command line (kubectl run -- sleep 300)", "busybox:1.35",
            List.of(), List.of("sleep", "300"), Optional.of(List.of("sleep", "300"))),
        Arguments.of("neither on busybox runs its CMD", "docker.io/library/busybox", List.of(), List.of(),
            Optional.of(List.of("sh"))),
        Arguments.of("alpine by digest", "alpine@sha256:abc", List.of(), List.of("date"), Optional.of(List.of("date"))),
        Arguments.of("a look-alike name is not busybox", "busyboxplus:curl", List.of(), List.of("x"), Optional.empty()),
        Arguments.of("unknown image without command", "nginx:1.27", List.of(), List.of(), Optional.empty()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void argvFollowsDockersEntrypointAndCmdRule(String name, String image, List<String> command, List<String> args,
      Optional<List<String>> expected) {
    assertThat(ImageDefaults.argv(image, command, args)).isEqualTo(expected);
  }
}
