package io.cablecluster.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterTlsConfigTest {
  @TempDir
  Path dir;

  private Map<String, String> files() throws Exception {
    for (String name : List.of("key.pem", "cert.pem", "ca.pem")) {
      Files.writeString(dir.resolve(name), "placeholder");
    }
    return Map.of("cluster", "local", "cluster_tls_key", dir.resolve("key.pem").toString(),
        "cluster_tls_cert", dir.resolve("cert.pem").toString(), "cluster_tls_ca", dir.resolve("ca.pem").toString());
  }

  @Test
  void offByDefaultAndThenTheEventBusIsPlain() {
    ClusterConfig config = ClusterConfig.from(Settings.of(Map.of("cluster", "local")));
    assertFalse(config.tls().enabled());
    EventBusOptions options = new EventBusOptions();
    HazelcastProfiles.applyEventBus(config, options);
    assertFalse(options.isSsl());
    assertNull(options.getKeyCertOptions());
  }

  @Test
  void threeFilesTurnOnTlsWithARequiredClientCertificate() throws Exception {
    ClusterConfig config = ClusterConfig.from(Settings.of(files()));
    assertTrue(config.tls().enabled());
    EventBusOptions options = new EventBusOptions();
    HazelcastProfiles.applyEventBus(config, options);
    assertTrue(options.isSsl());
    assertEquals(ClientAuth.REQUIRED, options.getClientAuth());
    assertFalse(options.isTrustAll());
    PemKeyCertOptions keyCert = (PemKeyCertOptions) options.getKeyCertOptions();
    assertEquals(List.of(dir.resolve("key.pem").toString()), keyCert.getKeyPaths());
    assertEquals(List.of(dir.resolve("cert.pem").toString()), keyCert.getCertPaths());
    assertEquals(List.of(dir.resolve("ca.pem").toString()), ((PemTrustOptions) options.getTrustOptions()).getCertPaths());
  }

  @Test
  void partialOrUnreadableCredentialsStopTheNodeNamingTheOption() throws Exception {
    Map<String, String> all = files();
    for (String missing : List.of("cluster_tls_key", "cluster_tls_cert", "cluster_tls_ca")) {
      Map<String, String> partial = new java.util.HashMap<>(all);
      partial.remove(missing);
      ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.from(Settings.of(partial)));
      assertTrue(e.getMessage().contains("--" + missing), e.getMessage());
    }
    Map<String, String> absent = new java.util.HashMap<>(all);
    absent.put("cluster_tls_ca", dir.resolve("nope.pem").toString());
    ConfigException e = assertThrows(ConfigException.class, () -> ClusterConfig.from(Settings.of(absent)));
    assertTrue(e.getMessage().contains("--cluster_tls_ca") && e.getMessage().contains("readable"), e.getMessage());
  }
}
