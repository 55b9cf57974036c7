package dev.klite.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.apiserver.serviceaccount.ServiceAccountOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The kube-apiserver flags {@code klite server} takes for service accounts and admission. */
class ServerCommandServiceAccountOptionsTest {

  private static ServiceAccountOptions parse(String... args) {
    ServerCommand command = new ServerCommand();
    new CommandLine(command).parseArgs(args);
    return command.serviceAccountOptions();
  }

  @Test
  void defaultsAreKubeadms() {
    ServiceAccountOptions options = parse();
    assertThat(options.admission()).isTrue();
    assertThat(options.extendTokenExpiration()).isTrue();
    assertThat(options.issuer()).isEqualTo("https://kubernetes.default.svc.cluster.local");
    assertThat(options.apiAudiences()).containsExactly("https://kubernetes.default.svc.cluster.local");
  }

  @Test
  void flagsTurnThingsOffAndMoveTheIssuer() {
    ServiceAccountOptions options = parse("--disable-admission-plugins=ServiceAccount",
        "--service-account-issuer=https://issuer.example", "--service-account-extend-token-expiration=false");
    assertThat(options.admission()).isFalse();
    assertThat(options.extendTokenExpiration()).isFalse();
    assertThat(options.issuer()).isEqualTo("https://issuer.example");
    assertThat(options.apiAudiences()).isEqualTo(List.of("https://issuer.example"));
  }

  @Test
  void refusesPluginsKliteCannotSwitchOff() {
    assertThatThrownBy(() -> parse("--disable-admission-plugins=ServiceAccount,NamespaceLifecycle"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("NamespaceLifecycle");
  }
}
