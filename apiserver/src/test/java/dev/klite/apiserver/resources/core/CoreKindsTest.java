package dev.klite.apiserver.resources.core;

import static dev.klite.apiserver.resources.Objects.json;
import static dev.klite.apiserver.resources.Objects.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.klite.apiserver.errors.ApiException;
import dev.klite.apiserver.object.Fields;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CoreKindsTest {
  @Test
  void namespaceCreateSetsPhaseLabelAndFinalizer() {
    ObjectNode ns = json("{'metadata':{'name':'team-a'},'status':{'phase':'Terminating'}}");
    NamespaceStrategy s = new NamespaceStrategy();
    s.prepareForCreate(ns);
    assertThat(Fields.string(ns, "status.phase")).isEqualTo("Active");
    assertThat(Fields.stringMap(ns, "metadata.labels")).containsEntry("kubernetes.io/metadata.name", "team-a");
    assertThat(Fields.strings(ns, "spec.finalizers")).containsExactly("kubernetes");
    assertThat(s.validate(ns)).isEmpty();
  }

  @Test
  void namespaceNameMustBeADnsLabel() {
    ObjectNode ns = json("{'metadata':{'name':'a.b'}}");
    assertThat(lines(new NamespaceStrategy().validate(ns))).containsExactly("metadata.name: Invalid value: \"a.b\": must not contain dots");
  }

  @Test
  void namespacePhaseMustMatchDeletion() {
    NamespaceStrategy s = new NamespaceStrategy();
    ObjectNode old = json("{'metadata':{'name':'a'},'status':{'phase':'Active'}}");
    ObjectNode updated = json("{'metadata':{'name':'a'},'status':{'phase':'Terminating'}}");
    assertThat(lines(s.validateStatusUpdate(updated, old))).containsExactly(
        "status.Phase: Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty");
  }

  @Test
  void namespaceUpdateKeepsFinalizers() {
    NamespaceStrategy s = new NamespaceStrategy();
    ObjectNode old = json("{'metadata':{'name':'a'},'spec':{'finalizers':['kubernetes']},'status':{'phase':'Active'}}");
    ObjectNode updated = json("{'metadata':{'name':'a'},'spec':{'finalizers':[]}}");
    s.prepareForUpdate(updated, old);
    assertThat(Fields.strings(updated, "spec.finalizers")).containsExactly("kubernetes");
    assertThat(Fields.string(updated, "status.phase")).isEqualTo("Active");
  }

  @Test
  void immutableConfigMapRejectsDataChanges() {
    ConfigMapStrategy s = new ConfigMapStrategy();
    ObjectNode old = json("{'metadata':{'name':'c','namespace':'d'},'immutable':true,'data':{'a':'1'}}");
    ObjectNode updated = json("{'metadata':{'name':'c','namespace':'d'},'immutable':true,'data':{'a':'2'}}");
    assertThat(lines(s.validateUpdate(updated, old)))
        .containsExactly("data: Forbidden: field is immutable when `immutable` is set");
    ObjectNode unlocked = json("{'metadata':{'name':'c','namespace':'d'},'data':{'a':'1'}}");
    assertThat(lines(s.validateUpdate(unlocked, old)))
        .containsExactly("immutable: Forbidden: field is immutable when `immutable` is set");
  }

  @Test
  void configMapKeysAreChecked() {
    ObjectNode cm = json("{'metadata':{'name':'c','namespace':'d'},'data':{'a b':'1'}}");
    assertThat(lines(new ConfigMapStrategy().validate(cm))).containsExactly("data[a b]: Invalid value: \"a b\": a valid "
        + "config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or "
        + "'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }

  @Test
  void secretDefaultsTypeAndFoldsStringData() {
    ObjectNode secret = json("{'metadata':{'name':'s','namespace':'d'},'stringData':{'pw':'hi'}}");
    SecretStrategy s = new SecretStrategy();
    s.prepareForCreate(secret);
    assertThat(Fields.string(secret, "type")).isEqualTo("Opaque");
    assertThat(Fields.string(secret, "data.pw")).isEqualTo("aGk=");
    assertThat(secret.has("stringData")).isFalse();
    assertThat(s.validate(secret)).isEmpty();
  }

  @Test
  void secretDataMustBeBase64() {
    ObjectNode secret = json("{'metadata':{'name':'s','namespace':'d'},'data':{'pw':'no!t'}}");
    assertThatThrownBy(() -> new SecretStrategy().prepareForCreate(secret)).isInstanceOf(ApiException.class)
        .hasMessage("Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 2")
        .extracting(e -> ((ApiException) e).code()).isEqualTo(400);
  }

  @Test
  void secretTypeIsImmutableAndTlsNeedsKeys() {
    SecretStrategy s = new SecretStrategy();
    ObjectNode old = json("{'metadata':{'name':'s','namespace':'d'},'type':'Opaque'}");
    ObjectNode updated = json("{'metadata':{'name':'s','namespace':'d'},'type':'kubernetes.io/tls'}");
    assertThat(lines(s.validateUpdate(updated, old))).containsExactly("data[tls.crt]: Required value",
        "data[tls.key]: Required value", "type: Invalid value: \"kubernetes.io/tls\": field is immutable");
  }

  @Test
  void serviceDefaultsAndNameRule() {
    ServiceStrategy s = new ServiceStrategy();
    ObjectNode svc = json("{'metadata':{'name':'web','namespace':'d','uid':'u1'},'spec':{'ports':[{'port':80}]}}");
    s.prepareForCreate(svc);
    assertThat(Fields.string(svc, "spec.type")).isEqualTo("ClusterIP");
    assertThat(Fields.string(svc, "spec.clusterIP")).startsWith("10.96.");
    assertThat(Fields.objects(svc, "spec.ports").get(0)).isEqualTo(json("{'port':80,'protocol':'TCP','targetPort':80}"));
    assertThat(s.validate(svc)).isEmpty();
    Fields.set(svc, "metadata.name", "1web");
    assertThat(lines(s.validate(svc))).singleElement().satisfies(l -> assertThat(l).startsWith(
        "metadata.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters"));
  }

  @Test
  void eventInvolvedNamespaceMustMatch() {
    ObjectNode ev = json("{'metadata':{'name':'e','namespace':'a'},'involvedObject':{'namespace':'b'}}");
    assertThat(lines(new EventStrategy().validate(ev)))
        .containsExactly("involvedObject.namespace: Invalid value: \"b\": does not match event.namespace");
  }

  @Test
  void clusterScopedKindsRejectANamespace() {
    ObjectNode node = json("{'metadata':{'name':'n1','namespace':'x'}}");
    assertThat(lines(new NodeStrategy().validate(node)))
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");
  }

  @Test
  void nodeCreateKeepsStatus() {
    ObjectNode node = json("{'metadata':{'name':'n1'},'status':{'capacity':{'cpu':'2'}}}");
    new NodeStrategy().prepareForCreate(node);
    assertThat(Fields.string(node, "status.capacity.cpu")).isEqualTo("2");
  }

  @Test
  void namespaceFinalizeTakesSpecFinalizersAndKeepsStatus() {
    NamespaceStrategy s = new NamespaceStrategy();
    ObjectNode old = json("{'metadata':{'name':'a'},'spec':{'finalizers':['kubernetes']},'status':{'phase':'Terminating'}}");
    ObjectNode body = json("{'metadata':{'name':'a'},'spec':{'finalizers':[]},'status':{'phase':'Active'}}");
    s.prepareForFinalize(body, old);
    assertThat(Fields.strings(body, "spec.finalizers")).isEmpty();
    assertThat(Fields.string(body, "status.phase")).isEqualTo("Terminating");
    assertThat(s.validateFinalize(body, old)).isEmpty();
    Fields.set(body, "spec.finalizers", dev.klite.apiserver.resources.Objects.node("['a/b/c']"));
    assertThat(lines(s.validateFinalize(body, old))).singleElement()
        .satisfies(l -> assertThat(l).startsWith("spec.finalizers[0]: Invalid value: \"a/b/c\": a qualified name"));
  }
}
