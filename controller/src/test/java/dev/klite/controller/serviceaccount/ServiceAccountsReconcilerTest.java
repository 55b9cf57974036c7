package dev.klite.controller.serviceaccount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.controller.runtime.FakeLister;
import dev.klite.controller.runtime.ObjectKey;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Table-driven: upstream serviceaccounts_controller_test.go's cases for the "default" account. */
class ServiceAccountsReconcilerTest {

  private static Namespace ns(String phase, boolean deleting) {
    return new NamespaceBuilder().withNewMetadata().withName("ns")
        .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata()
        .withNewStatus().withPhase(phase).endStatus().build();
  }

  private static ServiceAccount sa(String name) {
    return new ServiceAccountBuilder().withNewMetadata().withNamespace("ns").withName(name).endMetadata().build();
  }

  private static KubernetesClientException error(int code, String cause) {
    Status status = new StatusBuilder().withCode(code).withNewDetails()
        .addNewCause().withReason(cause).endCause().endDetails().build();
    return new KubernetesClientException(status);
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("active namespace without default gets one", ns("Active", false), List.of(), null, List.of("default"), false),
        Arguments.of("existing default is kept", ns("Active", false), List.of(sa("default")), null, List.of(), false),
        Arguments.of("other accounts do not count", ns("Active", false), List.of(sa("builder")), null, List.of("default"), false),
        Arguments.of("terminating namespace gets nothing", ns("Terminating", true), List.of(), null, List.of(), false),
        Arguments.of("missing namespace gets nothing", null, List.of(), null, List.of(), false),
        Arguments.of("409 from a lagging cache is fine", ns("Active", false), List.of(), error(409, ""), List.of("default"), false),
        Arguments.of("NamespaceTerminating 403 is not retried", ns("Active", false), List.of(),
            error(403, "NamespaceTerminating"), List.of("default"), false),
        Arguments.of("other errors are retried", ns("Active", false), List.of(), error(500, ""), List.of("default"), true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void ensuresTheDefaultServiceAccount(String name, Namespace namespace, List<ServiceAccount> existing,
      KubernetesClientException failure, List<String> expectedCreates, boolean throwsError) {
    FakeLister<Namespace> namespaces = namespace == null ? new FakeLister<>() : FakeLister.of(namespace);
    FakeLister<ServiceAccount> accounts = new FakeLister<>();
    existing.forEach(accounts::put);
    List<String> created = new ArrayList<>();
    ServiceAccountsReconciler reconciler = new ServiceAccountsReconciler(namespaces, accounts, (ns, sa) -> {
      created.add(sa);
      if (failure != null) {
        throw failure;
      }
    });
    if (throwsError) {
      assertThatThrownBy(() -> reconciler.reconcile(new ObjectKey("", "ns"))).isSameAs(failure);
    } else {
      reconciler.reconcile(new ObjectKey("", "ns"));
    }
    assertThat(created).isEqualTo(expectedCreates);
  }
}
