package io.cablecluster.node.cluster;

import static io.cablecluster.node.cluster.Manifests.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
      assertTrue(String.join(" ", healthcheck).contains("http://127.0.0.1:" + node.port() + node.readinessPath()),
          name + ": " + healthcheck);
      String grace = at(service, "stop_grace_period");
      assertTrue(Manifests.seconds(grace) > node.shutdownTimeoutSeconds(), name + ": stop_grace_period " + grace);
    }
    assertNull(at(cable.get("gateway"), "ports"), "published gateway ports would break --scale gateway=N");
    assertNotNull(composeServices().get("redis"));
  }

  /**
   * Hazelcast and the event bus authenticate nobody: every cable service binds them to the one internal
   * network's subnet, only HAProxy publishes a port, and no two services share a network that is not
   * internal (so a node on a second network for its own egress is reached by nothing there).
   */
  @Test
  void composeKeepsClusterTrafficOnAnInternalNetworkOnly() throws Exception {
    Map<String, Object> compose = Manifests.documents(ROOT.resolve("docker-compose.yml")).get(0);
    assertFalse(compose.containsKey("name"), "a top-level name: breaks docker-compose 1.29");
    Map<String, Map<String, Object>> networks = at(compose, "networks");
    assertNotNull(networks, "the compose file declares its networks");
    Map<String, Map<String, Object>> services = composeServices();
    Map<String, List<String>> membersOf = new LinkedHashMap<>();
    services.forEach((name, service) -> {
      List<String> joined = serviceNetworks(service);
      assertFalse(joined.isEmpty(), name + " must name its networks (the default network is not internal)");
      joined.forEach(n -> {
        assertTrue(networks.containsKey(n), name + ": undeclared network " + n);
        membersOf.computeIfAbsent(n, k -> new ArrayList<>()).add(name);
      });
    });
    for (Map.Entry<String, Map<String, Object>> entry : cableServices().entrySet()) {
      String name = entry.getKey();
      ClusterConfig cluster = ClusterConfig.from(settings(Manifests.composeEnvironment(entry.getValue(), STAND_INS)));
      assertTrue(cluster.eventBusHost().isEmpty(), name + ": the event bus must listen where Hazelcast does");
      List<String> internal = serviceNetworks(entry.getValue()).stream()
          .filter(n -> Boolean.TRUE.equals(at(networks.get(n), "internal"))).toList();
      assertEquals(1, internal.size(), name + ": one internal network for cluster traffic, got " + internal);
      List<Map<String, String>> subnets = at(networks.get(internal.get(0)), "ipam", "config");
      String subnet = subnets.get(0).get("subnet");
      assertTrue(subnet.endsWith(".0/24"), subnet);
      assertEquals(subnet.substring(0, subnet.length() - "0/24".length()) + "*", cluster.clusterInterface(),
          name + ": Hazelcast (and with it the event bus) must bind to the internal network's addresses only");
      assertNull(at(entry.getValue(), "ports"), name + " publishes ports");
      assertNull(at(entry.getValue(), "expose"), name + " exposes ports");
    }
    services.forEach((name, service) -> {
      if (!name.equals("lb")) {
        assertNull(at(service, "ports"), name + ": only the load balancer publishes a port");
      }
    });
    membersOf.forEach((network, members) -> {
      if (!Boolean.TRUE.equals(at(networks.get(network), "internal"))) {
        assertEquals(1, members.size(), "the non-internal network " + network + " is shared by " + members);
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static List<String> serviceNetworks(Map<String, Object> service) {
    Object networks = service.get("networks");
    if (networks instanceof Map<?, ?> map) {
      return new ArrayList<>((java.util.Collection<String>) map.keySet());
    }
    return networks == null ? List.of() : (List<String>) networks;
  }

  @Test
  void composeLoadBalancerSendsCableToGatewaysAndBroadcastsToTheBroadcaster() throws Exception {
    Map<String, Map<String, Object>> services = composeServices();
    Map<String, Object> lb = services.get("lb");
    // "${CABLE_LB_PORT:-8080}:8080": 8080 unless the operator picks an address (deploy/test: loopback).
    assertEquals(List.of("8080:8080"),
        ((List<String>) at(lb, "ports")).stream().map(p -> Manifests.interpolate(p, Map.of())).toList());
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
    assertTrue(haproxy.contains("option httpchk GET " + gateway.readinessPath()), haproxy);
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
      // Readiness takes a pod out of the Service (draining, not joined, Redis down on an ingest-only node);
      // liveness restarts it, so it stays on the cheap health check.
      for (String probe : List.of("readinessProbe", "livenessProbe")) {
        String path = probe.equals("readinessProbe") ? node.readinessPath() : node.healthPath();
        assertEquals(path, at(container, probe, "httpGet", "path"), name + " " + probe);
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

  /**
   * A NetworkPolicy selects every cable pod and admits Hazelcast's port and the event-bus port only from
   * cable pods (by label, same namespace), while the HTTP port stays open.
   */
  @Test
  void kubernetesNetworkPolicyAdmitsOnlyCablePodsToTheClusterPorts() throws Exception {
    Path dir = ROOT.resolve("deploy/k8s");
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String file : (List<String>) at(Manifests.documents(dir.resolve("kustomization.yaml")).get(0), "resources")) {
      docs.addAll(Manifests.documents(dir.resolve(file)));
    }
    List<Map<String, Object>> policies = ofKind(docs, "NetworkPolicy");
    assertEquals(1, policies.size(), "one NetworkPolicy in the kustomization");
    Map<String, Object> policy = policies.get(0);
    assertTrue(((List<String>) at(policy, "spec", "policyTypes")).contains("Ingress"));
    Map<String, String> selected = at(policy, "spec", "podSelector", "matchLabels");
    List<Map<String, Object>> rules = at(policy, "spec", "ingress");
    for (Map<String, Object> deployment : ofKind(docs, "Deployment")) {
      String name = at(deployment, "metadata", "name");
      Map<String, Object> pod = at(deployment, "spec", "template");
      Map<String, String> labels = at(pod, "metadata", "labels");
      assertTrue(selectsMatch(selected, labels), "the policy must select " + name + "'s pods");
      Map<String, Object> container = at(pod, "spec", "containers", "0");
      ClusterConfig cluster = ClusterConfig.from(settings(kubernetesExpand(
          Manifests.containerEnvironment(container, STAND_INS))));
      NodeConfig node = NodeConfig.from(settings(kubernetesExpand(Manifests.containerEnvironment(container, STAND_INS))));
      for (String portName : List.of("hazelcast", "eventbus")) {
        int port = containerPort(container, portName);
        List<Map<String, Object>> admitting = rules.stream().filter(r -> admitsPort(r, port, portName)).toList();
        assertFalse(admitting.isEmpty(), name + ": cable pods must reach each other's " + portName + " port");
        for (Map<String, Object> rule : admitting) {
          List<Map<String, Object>> from = (List<Map<String, Object>>) rule.get("from");
          assertTrue(from != null && !from.isEmpty(), name + ": " + portName + " is open to everyone: " + rule);
          for (Map<String, Object> peer : from) {
            assertEquals(Set.of("podSelector"), peer.keySet(),
                name + ": " + portName + " admits more than pods of this namespace: " + peer);
            Map<String, String> peerLabels = at(peer, "podSelector", "matchLabels");
            assertTrue(peerLabels != null && peerLabels.entrySet().containsAll(selected.entrySet()),
                name + ": " + portName + " admits pods that are not cable pods: " + peer);
          }
        }
      }
      assertTrue(rules.stream().anyMatch(r -> r.get("from") == null && admitsPort(r, node.port(), "http")),
          name + ": the HTTP port must stay reachable");
      assertEquals(Set.of(node.port(), cluster.hazelcastPort(), cluster.eventBusPort()),
          ((List<Map<String, Object>>) at(container, "ports")).stream().map(p -> (Integer) p.get("containerPort"))
              .collect(java.util.stream.Collectors.toSet()), name + ": a new port needs a rule in the policy");
    }
  }

  /** A rule with no ports admits every port; a port is given by number or by the container port's name. */
  @SuppressWarnings("unchecked")
  private static boolean admitsPort(Map<String, Object> rule, int number, String name) {
    List<Map<String, Object>> ports = (List<Map<String, Object>>) rule.get("ports");
    return ports == null || ports.stream().anyMatch(p -> p.get("port") == null
        || Integer.valueOf(number).equals(p.get("port")) || name.equals(p.get("port")));
  }

  @Test
  void dockerfileBuildsTheNodeJarWithMavenAndRunsItOnAJre17() throws Exception {
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    // Base images are build arguments defaulting to the official ones (deploy/test passes local stand-ins).
    assertTrue(dockerfile.matches("(?s).*ARG BUILD_IMAGE=maven:[^\\n]*temurin-17\n.*FROM \\$\\{BUILD_IMAGE} AS build.*"),
        "maven build stage");
    assertTrue(dockerfile.contains("ARG RUNTIME_IMAGE=eclipse-temurin:17-jre\n"), "JRE 17 runtime base");
    assertTrue(dockerfile.contains("FROM ${RUNTIME_IMAGE}\n"), "JRE 17 runtime stage");
    assertFalse(dockerfile.lines().anyMatch(l -> l.startsWith("RUN --mount") || l.startsWith("# syntax=")),
        "builds with the legacy builder (Debian's docker.io with docker-compose 1.29)");
    assertTrue(dockerfile.contains("COPY --from=build /src/node/target/cable-cluster.jar"), "the shaded node jar");
    assertTrue(Files.readString(ROOT.resolve("node/pom.xml")).contains("<finalName>cable-cluster</finalName>"));
    NodeConfig defaults = NodeConfig.from(Settings.of(Map.of()));
    assertTrue(dockerfile.contains("EXPOSE " + defaults.port()), "exposes the default port");
    ClusterConfig cluster = ClusterConfig.from(Settings.of(Map.of()));
    String exposed = dockerfile.lines().filter(l -> l.startsWith("EXPOSE ")).findFirst().orElseThrow();
    assertEquals("EXPOSE " + defaults.port(), exposed.trim(),
        "cluster ports (Hazelcast " + cluster.hazelcastPort() + ", event bus) are never EXPOSEd: `docker run -P` would publish them");
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
