package dev.klite.apiserver.table;

import static dev.klite.apiserver.resources.Objects.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SmallTablesTest {
  static final Instant NOW = Instant.parse("2024-01-01T00:10:00Z");
  static final String META = "'metadata':{'name':'x','creationTimestamp':'2024-01-01T00:00:00Z'}";

  @Test
  void configMapsAndSecretsCountTheirData() {
    assertThat(SmallTables.configMaps().cells(json("{" + META + ",'data':{'a':'1'},'binaryData':{'b':'eA=='}}"), NOW))
        .containsExactly("x", 2L, "10m");
    assertThat(SmallTables.secrets().cells(json("{" + META + ",'type':'Opaque','data':{'a':'MQ=='}}"), NOW))
        .containsExactly("x", "Opaque", 1L, "10m");
  }

  @Test
  void endpointsListUpToThreeAddresses() {
    String subsets = ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}],'ports':[{'port':80},{'port':443}]}]";
    assertThat(SmallTables.endpoints().cells(json("{" + META + subsets + "}"), NOW))
        .containsExactly("x", "10.0.0.1:80,10.0.0.1:443,10.0.0.2:80 + 1 more...", "10m");
    assertThat(SmallTables.endpoints().cells(json("{" + META + "}"), NOW)).containsExactly("x", "<none>", "10m");
  }

  @Test
  void resourceQuotaSplitsRequestsAndLimits() {
    assertThat(SmallTables.resourceQuotas().cells(json("{" + META + ",'status':{'hard':{'pods':'10','limits.cpu':'4'},"
        + "'used':{'pods':'2'}}}"), NOW)).containsExactly("x", "10m", "pods: 2/10", "limits.cpu: 0/4");
  }

  @Test
  void leasesShowTheirHolder() {
    assertThat(SmallTables.leases().cells(json("{" + META + ",'spec':{'holderIdentity':'node-1'}}"), NOW))
        .containsExactly("x", "node-1", "10m");
  }
}
