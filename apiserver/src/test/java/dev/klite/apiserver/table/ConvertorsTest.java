package dev.klite.apiserver.table;

import static dev.klite.apiserver.resources.Objects.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.node.ObjectNode;

class ConvertorsTest {
  static final Instant NOW = Instant.parse("2024-01-01T01:00:00Z");
  static final String CREATED = "'creationTimestamp':'2024-01-01T00:55:00Z'";

  static ObjectNode job(String spec, String status, String extraMeta) {
    return json("{'metadata':{'name':'hello'," + CREATED + extraMeta + "},'spec':{'selector':{'matchLabels':"
        + "{'batch.kubernetes.io/controller-uid':'u1'}},'template':{'spec':{'containers':[{'name':'a','image':'busybox'},"
        + "{'name':'b','image':'alpine'}]}}" + spec + "},'status':" + status + "}");
  }

  static Stream<Arguments> jobs() {
    String cond = "'conditions':[{'type':'%s','status':'True'}]";
    return Stream.of(
        Arguments.of("running", job(",'completions':3", "{'succeeded':1,'startTime':'2024-01-01T00:58:00Z'}", ""),
            List.of("hello", "Running", "1/3", "2m", "5m")),
        Arguments.of("complete", job(",'completions':1", "{'succeeded':1,'startTime':'2024-01-01T00:56:00Z',"
            + "'completionTime':'2024-01-01T00:56:07Z'," + cond.formatted("Complete") + "}", ""),
            List.of("hello", "Complete", "1/1", "7s", "5m")),
        Arguments.of("failed", job(",'completions':1", "{'failed':1,'startTime':'2024-01-01T00:59:00Z',"
            + cond.formatted("Failed") + "}", ""), List.of("hello", "Failed", "0/1", "60s", "5m")),
        Arguments.of("suspended, not started", job(",'completions':1", "{" + cond.formatted("Suspended") + "}", ""),
            List.of("hello", "Suspended", "0/1", "", "5m")),
        Arguments.of("terminating", job(",'completions':1", "{}", ",'deletionTimestamp':'2024-01-01T00:59:00Z'"),
            List.of("hello", "Terminating", "0/1", "", "5m")),
        Arguments.of("work queue", job(",'parallelism':3", "{'succeeded':2}", ""),
            List.of("hello", "Running", "2/1 of 3", "", "5m")),
        Arguments.of("failure target", job(",'completions':2", "{" + cond.formatted("FailureTarget") + "}", ""),
            List.of("hello", "FailureTarget", "0/2", "", "5m")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("jobs")
  void jobCells(String name, ObjectNode job, List<Object> expected) {
    List<Object> cells = new JobTable().cells(job, NOW);
    assertThat(cells.subList(0, 5)).isEqualTo(expected);
    assertThat(cells.subList(5, 8)).containsExactly("a,b", "busybox,alpine", "batch.kubernetes.io/controller-uid=u1");
  }

  @Test
  void jobColumns() {
    assertThat(new JobTable().columns()).extracting(ColumnDefinition::name, ColumnDefinition::priority).containsExactly(
        org.assertj.core.groups.Tuple.tuple("Name", 0), org.assertj.core.groups.Tuple.tuple("Status", 0),
        org.assertj.core.groups.Tuple.tuple("Completions", 0), org.assertj.core.groups.Tuple.tuple("Duration", 0),
        org.assertj.core.groups.Tuple.tuple("Age", 0), org.assertj.core.groups.Tuple.tuple("Containers", 1),
        org.assertj.core.groups.Tuple.tuple("Images", 1), org.assertj.core.groups.Tuple.tuple("Selector", 1));
    assertThat(new JobTable().columns().get(0).format()).isEqualTo("name");
  }

  static ObjectNode pod(String spec, String status, String meta) {
    return json("{'metadata':{'name':'p'," + CREATED + meta + "},'spec':{'containers':[{'name':'c','image':'x'}]"
        + spec + "},'status':" + status + "}");
  }

  static Stream<Arguments> pods() {
    return Stream.of(
        Arguments.of("pending, creating", pod("", "{'phase':'Pending','containerStatuses':[{'name':'c','ready':false,"
            + "'restartCount':0,'state':{'waiting':{'reason':'ContainerCreating'}}}]}", ""),
            List.of("p", "0/1", "ContainerCreating", "0")),
        Arguments.of("running ready", pod("", "{'phase':'Running','containerStatuses':[{'name':'c','ready':true,"
            + "'restartCount':0,'state':{'running':{}}}]}", ""), List.of("p", "1/1", "Running", "0")),
        Arguments.of("completed", pod("", "{'phase':'Succeeded','containerStatuses':[{'name':'c','ready':false,"
            + "'restartCount':0,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}", ""),
            List.of("p", "0/1", "Completed", "0")),
        Arguments.of("error", pod("", "{'phase':'Failed','containerStatuses':[{'name':'c','ready':false,"
            + "'restartCount':0,'state':{'terminated':{'exitCode':1,'reason':'Error'}}}]}", ""),
            List.of("p", "0/1", "Error", "0")),
        Arguments.of("exit code without reason", pod("", "{'phase':'Failed','containerStatuses':[{'name':'c',"
            + "'restartCount':0,'state':{'terminated':{'exitCode':3}}}]}", ""), List.of("p", "0/1", "ExitCode:3", "0")),
        Arguments.of("crash loop with restarts", pod("", "{'phase':'Running','containerStatuses':[{'name':'c',"
            + "'ready':false,'restartCount':2,'state':{'waiting':{'reason':'CrashLoopBackOff'}},"
            + "'lastState':{'terminated':{'exitCode':1,'finishedAt':'2024-01-01T00:55:00Z'}}}]}", ""),
            List.of("p", "0/1", "CrashLoopBackOff", "2 (5m ago)")),
        Arguments.of("first init container running", pod(",'initContainers':[{'name':'i1','image':'x'},"
            + "{'name':'i2','image':'x'}]", "{'phase':'Pending','initContainerStatuses':[{'name':'i1','restartCount':0,"
            + "'state':{'running':{}}},{'name':'i2','restartCount':0,'state':{'waiting':{'reason':'PodInitializing'}}}],"
            + "'containerStatuses':[{'name':'c','restartCount':0,'state':{'waiting':{'reason':'PodInitializing'}}}]}", ""),
            List.of("p", "0/1", "Init:0/2", "0")),
        Arguments.of("init failed", pod(",'initContainers':[{'name':'i1','image':'x'}]", "{'phase':'Pending',"
            + "'initContainerStatuses':[{'name':'i1','restartCount':0,'state':{'terminated':{'exitCode':1,'reason':"
            + "'Error'}}}]}", ""), List.of("p", "0/1", "Init:Error", "0")),
        Arguments.of("init done, pod initializing", pod(",'initContainers':[{'name':'i1','image':'x'}]",
            "{'phase':'Pending','initContainerStatuses':[{'name':'i1','restartCount':0,'state':{'terminated':"
            + "{'exitCode':0,'reason':'Completed'}}}],'containerStatuses':[{'name':'c','restartCount':0,'state':"
            + "{'waiting':{'reason':'PodInitializing'}}}]}", ""), List.of("p", "0/1", "PodInitializing", "0")),
        Arguments.of("terminating", pod("", "{'phase':'Running','containerStatuses':[{'name':'c','ready':true,"
            + "'restartCount':0,'state':{'running':{}}}]}", ",'deletionTimestamp':'2024-01-01T00:59:00Z'"),
            List.of("p", "1/1", "Terminating", "0")),
        Arguments.of("completed but a container still runs", json("{'metadata':{'name':'p'," + CREATED + "},"
            + "'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'x'}]},'status':{'phase':'Running',"
            + "'conditions':[{'type':'Ready','status':'False'}],'containerStatuses':[{'name':'a','ready':false,"
            + "'restartCount':0,'state':{'terminated':{'exitCode':0,'reason':'Completed'}}},{'name':'b','ready':true,"
            + "'restartCount':0,'state':{'running':{}}}]}}"), List.of("p", "1/2", "NotReady", "0")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pods")
  void podCells(String name, ObjectNode pod, List<Object> expected) {
    List<Object> cells = new PodTable().cells(pod, NOW);
    assertThat(cells.subList(0, 4)).isEqualTo(expected);
    assertThat(cells.get(4)).isEqualTo("5m");
  }

  @Test
  void podWideCellsAndCompletedRowCondition() {
    ObjectNode pod = pod(",'nodeName':'n1','readinessGates':[{'conditionType':'x'}]",
        "{'phase':'Succeeded','podIPs':[{'ip':'10.0.0.5'}],'conditions':[{'type':'x','status':'True'}]}", "");
    assertThat(new PodTable().cells(pod, NOW).subList(5, 9)).containsExactly("10.0.0.5", "n1", "<none>", "1/1");
    assertThat(new PodTable().rowConditions(pod)).singleElement().satisfies(c -> assertThat(c).isEqualTo(
        json("{'type':'Completed','status':'True','reason':'Succeeded','message':'The pod has completed successfully.'}")));
    assertThat(new PodTable().rowConditions(pod(",'nodeName':'n1'", "{'phase':'Running'}", ""))).isEmpty();
  }

  @Test
  void nodeCells() {
    ObjectNode node = json("{'metadata':{'name':'n1'," + CREATED + ",'labels':{'node-role.kubernetes.io/control-plane':'',"
        + "'node-role.kubernetes.io/worker':''}},'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready',"
        + "'status':'True'}],'addresses':[{'type':'InternalIP','address':'192.168.1.2'}],'nodeInfo':{"
        + "'kubeletVersion':'v1.32.4-klite','osImage':'Debian'}}}");
    assertThat(new NodeTable().cells(node, NOW)).containsExactly("n1", "Ready,SchedulingDisabled",
        "control-plane,worker", "5m", "v1.32.4-klite", "192.168.1.2", "<none>", "Debian", "<unknown>", "<unknown>");
    ObjectNode bare = json("{'metadata':{'name':'n2'}}");
    assertThat(new NodeTable().cells(bare, NOW).subList(0, 4)).containsExactly("n2", "Unknown", "<none>", "<unknown>");
  }

  @Test
  void eventCells() {
    ObjectNode ev = json("{'metadata':{'name':'hello.17a'," + CREATED + "},'involvedObject':{'kind':'Job','name':'hello',"
        + "'fieldPath':''},'reason':'SuccessfulCreate','message':'Created pod: hello-x \\n','type':'Normal',"
        + "'source':{'component':'job-controller'},'firstTimestamp':'2024-01-01T00:50:00Z',"
        + "'lastTimestamp':'2024-01-01T00:58:00Z','count':3}");
    assertThat(new EventTable().cells(ev, NOW)).containsExactly("2m", "Normal", "SuccessfulCreate", "job/hello", "",
        "job-controller", "Created pod: hello-x", "10m", 3L, "hello.17a");
    ObjectNode newApi = json("{'metadata':{'name':'e'},'involvedObject':{'kind':'Pod','name':'p'},"
        + "'eventTime':'2024-01-01T00:59:30.000000Z','reportingComponent':'kubelet','reportingInstance':'n1'}");
    assertThat(new EventTable().cells(newApi, NOW)).containsExactly("30s", "", "", "pod/p", "", "kubelet, n1", "",
        "30s", 1L, "e");
  }

  @Test
  void cronJobCells() {
    ObjectNode cj = json("{'metadata':{'name':'nightly'," + CREATED + "},'spec':{'schedule':'0 * * * *','suspend':false,"
        + "'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}},"
        + "'status':{'active':[{'name':'j1'}],'lastScheduleTime':'2024-01-01T00:00:00Z'}}");
    assertThat(new CronJobTable().cells(cj, NOW)).containsExactly("nightly", "0 * * * *", "<none>", "False", 1L, "60m",
        "5m", "c", "busybox", "");
  }

  @Test
  void namespaceServiceAndDefaultCells() {
    assertThat(new NamespaceTable().cells(json("{'metadata':{'name':'default'," + CREATED + "},'status':{'phase':'Active'}}"),
        NOW)).containsExactly("default", "Active", "5m");
    ObjectNode svc = json("{'metadata':{'name':'web'," + CREATED + "},'spec':{'type':'NodePort','clusterIPs':['10.96.0.7'],"
        + "'ports':[{'port':80,'nodePort':30080,'protocol':'TCP'},{'port':53,'protocol':'UDP'}],'selector':{'app':'web'}}}");
    assertThat(new ServiceTable().cells(svc, NOW)).containsExactly("web", "NodePort", "10.96.0.7", "<none>",
        "80:30080/TCP,53/UDP", "5m", "app=web");
    assertThat(new DefaultTable().cells(json("{'metadata':{'name':'x'," + CREATED + "}}"), NOW))
        .containsExactly("x", "2024-01-01T00:55:00Z");
  }
}
