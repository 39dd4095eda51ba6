package io.cablecluster.node.cluster;

import static io.cablecluster.node.cluster.Manifests.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.broadcaster.BroadcastHttpConfig;
import io.cablecluster.broadcaster.redis.RedisConfig;
import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.rpc.RpcConfig;
import io.cablecluster.cluster.ClusterConfig;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The deployment files are configuration too: their environment is fed through the same Settings → typed
 * config path the node uses, so a renamed option, a wrong port or an unknown role fails here, not in a
 * cluster nobody can run in CI.
 */
class DeploymentManifestsTest {
  private static final Path ROOT = Manifests.repoRoot();
  private static final Map<String, String> STAND_INS = Map.of("ANYCABLE_SECRET", "test-secret",
      "POD_NAMESPACE", "default");

  private static Settings settings(Map<String, String> env) {
    return Settings.of(new String[0], env);
  }

  /** Every module reads the same environment at start: a value one of them refuses stops the node. */
  private static void assertEveryModuleAccepts(Settings settings, NodeConfig node, String where) {
    GatewayConfig gateway = GatewayConfig.from(settings);
    assertTrue(gateway.paths().contains("/cable"), where + ": gateway paths " + gateway.paths());
    RedisConfig redis = RedisConfig.from(settings, node.port());
    assertTrue(redis.enabled() && redis.pubsub(), where + ": Redis pub/sub ingestion should be on");
    BroadcastHttpConfig.from(settings, node.port());
    RpcConfig.from(settings);
  }

  private static Map<String, Map<String, Object>> composeServices() throws Exception {
    Map<String, Object> compose = Manifests.documents(ROOT.resolve("docker-compose.yml")).get(0);
    return at(compose, "services");
  }

  private static Map<String, Map<String, Object>> cableServices() throws Exception {
    Map<String, Map<String, Object>> cable = new LinkedHashMap<>();
    composeServices().forEach((name, service) -> {
      Map<String, Object> env = at(service, "environment");
      if (env != null && env.containsKey("CABLE_ROLES")) {
        cable.put(name, service);
      }
    });
    return cable;
  }

  @Test
  void composeRunsEveryRoleTheCodeKnowsInOneDockerCluster() throws Exception {
    Map<String, Map<String, Object>> cable = cableServices();
    assertEquals(Set.copyOf(NodeConfig.ALL_ROLES), cable.keySet());
    for (Map.Entry<String, Map<String, Object>> entry : cable.entrySet()) {
      String name = entry.getKey();
      Map<String, Object> service = entry.getValue();
      Settings settings = settings(Manifests.composeEnvironment(service, STAND_INS));
      NodeConfig node = NodeConfig.from(settings);
      ClusterConfig cluster = ClusterConfig.from(settings);
      assertEquals(List.of(name), node.roles(), name);
      assertEveryModuleAccepts(settings, node, name);
      assertEquals(8080, node.port(), name);
      assertEquals("0.0.0.0", node.host(), name);
      assertEquals("docker", cluster.profile(), name);
      for (String member : cluster.members()) {
        assertTrue(cable.containsKey(member.replaceFirst(":\\d+$", "")), name + ": member " + member);
      }
      List<String> healthcheck = at(service, "healthcheck", "test");
      assertTrue(String.join(" ", healthcheck).contains("http://127.0.0.1:" + node.port() + node.healthPath()),
          name + ": " + healthcheck);
      String grace = at(service, "stop_grace_period");
      assertTrue(Manifests.seconds(grace) > node.shutdownTimeoutSeconds(), name + ": stop_grace_period " + grace);
    }
    assertNull(at(cable.get("gateway"), "ports"), "published gateway ports would break --scale gateway=N");
    assertNotNull(composeServices().get("redis"));
  }

  @Test
  void composeLoadBalancerSendsCableToGatewaysAndBroadcastsToTheBroadcaster() throws Exception {
    Map<String, Map<String, Object>> services = composeServices();
    Map<String, Object> lb = services.get("lb");
    assertEquals(List.of("8080:8080"), at(lb, "ports"));
    String mount = ((List<String>) at(lb, "volumes")).get(0);
    Path haproxyFile = ROOT.resolve(mount.substring(0, mount.indexOf(':')));
    String haproxy = Files.readString(haproxyFile);

    NodeConfig gateway = NodeConfig.from(settings(Manifests.composeEnvironment(services.get("gateway"), STAND_INS)));
    Settings broadcasterSettings = settings(Manifests.composeEnvironment(services.get("broadcaster"), STAND_INS));
    NodeConfig broadcaster = NodeConfig.from(broadcasterSettings);
    BroadcastHttpConfig broadcast = BroadcastHttpConfig.from(broadcasterSettings, broadcaster.port());
    assertNotNull(broadcast.key(), "compose must not run an unauthenticated broadcast endpoint");
    assertTrue(haproxy.contains("bind :8080"), haproxy);
    assertTrue(haproxy.contains("default_backend gateway"), haproxy);
    assertTrue(haproxy.matches("(?s).*server-template gateway \\d+ gateway:" + gateway.port() + "\\b.*"), haproxy);
    assertTrue(haproxy.contains("path_beg " + broadcast.path()), haproxy);
    assertTrue(haproxy.matches("(?s).*server-template broadcaster \\d+ broadcaster:" + broadcast.port() + "\\b.*"),
        "the broadcast endpoint listens on " + broadcast.port());
    assertTrue(haproxy.contains("option httpchk GET " + gateway.healthPath()), haproxy);
  }

  @Test
  void kubernetesManifestsLineUpWithTheCodeAndWithEachOther() throws Exception {
    Path dir = ROOT.resolve("deploy/k8s");
    List<String> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml")).sorted().toList();
    }
    Map<String, Object> kustomization = Manifests.documents(dir.resolve("kustomization.yaml")).get(0);
    Set<String> listed = new HashSet<>(at(kustomization, "resources"));
    Set<String> manifests = new HashSet<>(files);
    manifests.remove("kustomization.yaml");
    assertEquals(manifests, listed, "kustomization resources");

    List<Map<String, Object>> docs = new ArrayList<>();
    for (String file : manifests) {
      docs.addAll(Manifests.documents(dir.resolve(file)));
    }
    List<Map<String, Object>> deployments = ofKind(docs, "Deployment");
    List<Map<String, Object>> services = ofKind(docs, "Service");
    List<Map<String, Object>> budgets = ofKind(docs, "PodDisruptionBudget");
    Map<String, Object> headless = services.stream().filter(s -> "None".equals(at(s, "spec", "clusterIP")))
        .findFirst().orElseThrow(() -> new AssertionError("no headless service for Hazelcast"));

    Set<String> roles = new HashSet<>();
    for (Map<String, Object> deployment : deployments) {
      String name = at(deployment, "metadata", "name");
      Map<String, Object> pod = at(deployment, "spec", "template");
      Map<String, String> labels = at(pod, "metadata", "labels");
      assertTrue(labels.entrySet().containsAll(((Map<String, String>) at(deployment, "spec", "selector", "matchLabels")).entrySet()), name);
      Map<String, Object> container = at(pod, "spec", "containers", "0");
      Map<String, String> env = kubernetesExpand(Manifests.containerEnvironment(container, STAND_INS));
      Settings settings = settings(env);
      NodeConfig node = NodeConfig.from(settings);
      ClusterConfig cluster = ClusterConfig.from(settings);
      roles.addAll(node.roles());
      assertEveryModuleAccepts(settings, node, name);
      assertTrue(NodeConfig.ALL_ROLES.containsAll(node.roles()), name);
      assertEquals("kubernetes", cluster.profile(), name);
      assertEquals(at(headless, "metadata", "name") + ".default.svc.cluster.local", cluster.serviceDns(), name);
      assertEquals(node.port(), containerPort(container, "http"), name);
      assertEquals(cluster.hazelcastPort(), containerPort(container, "hazelcast"), name);
      assertEquals(cluster.eventBusPort(), containerPort(container, "eventbus"), name);
      for (String probe : List.of("readinessProbe", "livenessProbe")) {
        assertEquals(node.healthPath(), at(container, probe, "httpGet", "path"), name + " " + probe);
        assertEquals("http", at(container, probe, "httpGet", "port"), name + " " + probe);
      }
      int grace = at(pod, "spec", "terminationGracePeriodSeconds");
      assertTrue(grace > node.shutdownTimeoutSeconds(), name + ": grace " + grace + "s");
      assertTrue(selects(headless, labels), "the headless service must select " + name + "'s pods");
      assertEquals(1, budgets.stream().filter(b -> selectsMatch(at(b, "spec", "selector", "matchLabels"), labels)).count(),
          name + ": exactly one PodDisruptionBudget");
      assertEquals((Integer) cluster.hazelcastServicePort(), at(headless, "spec", "ports", "0", "port"));
    }
    assertEquals(Set.copyOf(NodeConfig.ALL_ROLES), roles);
    assertEquals("hazelcast", at(headless, "spec", "ports", "0", "targetPort"));

    Map<String, Object> gatewayPods = at(deployments.stream()
        .filter(d -> "cable-gateway".equals(at(d, "metadata", "name"))).findFirst().orElseThrow(), "spec", "template");
    Map<String, Object> cableService = services.stream().filter(s -> "cable-gateway".equals(at(s, "metadata", "name")))
        .findFirst().orElseThrow(() -> new AssertionError("no Service for /cable"));
    assertTrue(selects(cableService, at(gatewayPods, "metadata", "labels")));
    assertEquals("http", at(cableService, "spec", "ports", "0", "targetPort"));
  }

  @Test
  void dockerfileBuildsTheNodeJarWithMavenAndRunsItOnAJre17() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertTrue(dockerfile.matches("(?s).*FROM maven:[^\\n]*temurin-17 AS build.*"), "maven build stage");
    assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), "JRE 17 runtime stage");
    assertTrue(dockerfile.contains("COPY --from=build /src/node/target/cable-cluster.jar"), "the shaded node jar");
    assertTrue(Files.readString(ROOT.resolve("node/pom.xml")).contains("<finalName>cable-cluster</finalName>"));
    NodeConfig defaults = NodeConfig.from(Settings.of(Map.of()));
    assertTrue(dockerfile.contains("EXPOSE " + defaults.port()), "exposes the default port");
    assertTrue(dockerfile.contains("http://127.0.0.1:" + defaults.port() + defaults.healthPath()), "health check");
    assertTrue(dockerfile.contains("CABLE_HOST=0.0.0.0"), "listens beyond the container's loopback");
  }

  private static List<Map<String, Object>> ofKind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static int containerPort(Map<String, Object> container, String name) {
    List<Map<String, Object>> ports = at(container, "ports");
    return ports.stream().filter(p -> name.equals(p.get("name"))).map(p -> (Integer) p.get("containerPort"))
        .findFirst().orElseThrow(() -> new AssertionError("no container port named " + name));
  }

  private static boolean selects(Map<String, Object> service, Map<String, String> podLabels) {
    return selectsMatch(at(service, "spec", "selector"), podLabels);
  }

  private static boolean selectsMatch(Map<String, String> selector, Map<String, String> podLabels) {
    return selector != null && !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet());
  }

  /** Kubernetes substitutes $(VAR) with variables defined earlier in the same env list. */
  private static Map<String, String> kubernetesExpand(Map<String, String> env) {
    Map<String, String> expanded = new LinkedHashMap<>();
    env.forEach((k, v) -> {
      String value = v;
      for (Map.Entry<String, String> earlier : expanded.entrySet()) {
        value = value.replace("$(" + earlier.getKey() + ")", earlier.getValue());
      }
      expanded.put(k, value);
    });
    return expanded;
  }
}
