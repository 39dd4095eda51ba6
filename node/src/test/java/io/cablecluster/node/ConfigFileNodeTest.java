package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.NodeJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Nodes started from a config file, each in its own JVM (the working directory decides discovery). */
class ConfigFileNodeTest {

  /**
   * Verifies that --config-path=&lt;file&gt; starts a node on the file's port and health path, together with
   * --log_level=debug, and that ./anycable.toml in the working directory is found without any flag.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void nodesStartFromANamedFileAndFromAnycableTomlInTheWorkingDirectory(@TempDir Path dir) throws IOException {
    int named = FreePorts.one();
    int found = FreePorts.one();
    Path file = Files.writeString(dir.resolve("named.toml"), nodeToml(named, "/up"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Files.writeString(work.resolve("anycable.toml"), nodeToml(found, "/health"));
    try (NodeJvm fromFlag = NodeJvm.startIn("from-flag", dir, dir, named, Map.of(),
             "--config-path=" + file, "--log_level=debug");
         NodeJvm discovered = NodeJvm.startIn("discovered", work, dir, found, Map.of())) {
      fromFlag.awaitCondition(Duration.ofSeconds(60), "/up to answer 200", () -> fromFlag.status("/up") == 200);
      discovered.awaitHealthy(Duration.ofSeconds(60));
      fromFlag.awaitOutput(Duration.ofSeconds(10), out -> out.contains("Handle health requests at"), "boot lines");
      String out = fromFlag.output();
      assertTrue(out.contains("Using configuration from file: " + file), out);
      assertTrue(out.contains("Starting cable-cluster ") && out.contains("open file limit: ")
          && out.contains("roles: gateway,broadcaster,rpc-bridge, cluster profile: none"), out);
      assertTrue(out.contains("Handle WebSocket connections at http://127.0.0.1:" + named + "/cable"), out);
      assertTrue(out.contains("Handle broadcasts at http://127.0.0.1:" + named + "/_broadcast"), out);
      discovered.awaitOutput(Duration.ofSeconds(10), o -> o.contains("Using configuration from file: ./anycable.toml"),
          "the discovered file named");
    }
  }

  /** Verifies that a bad file stops the node with exit code 2 and one line naming the file and key. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aBadFileExitsWithCode2AndOneMessage(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("bad.toml"), "[server]\nport = \"eighty\"\n");
    try (NodeJvm node = NodeJvm.startIn("bad", dir, dir, -1, Map.of(), "--config-path=" + file)) {
      assertEquals(2, node.awaitExit(Duration.ofSeconds(40)), node.output());
      String errors = node.output().lines().filter(l -> l.startsWith("cable-cluster:")).reduce("", String::concat);
      assertTrue(errors.contains("config file " + file + ", key [server] port"), node.output());
      assertEquals(1, node.output().lines().filter(l -> l.startsWith("cable-cluster:")).count(), node.output());
    }
  }

  /** Verifies that --print-config prints the file's values as TOML and exits 0 without starting a node. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void printConfigPrintsAndExitsZero(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("p.toml"), nodeToml(12345, "/up"));
    try (NodeJvm node = NodeJvm.startIn("print", dir, dir, -1, Map.of(), "--config-path=" + file, "--print-config")) {
      assertEquals(0, node.awaitExit(Duration.ofSeconds(40)), node.output());
      assertTrue(node.output().contains("\n[server]\nhost = \"127.0.0.1\"\nport = 12345\n"), node.output());
      assertTrue(!node.output().contains("Starting cable-cluster"), node.output());
    }
  }

  /** A public single node on loopback, in AnyCable-Go's keys, with our own [node] section. */
  private static String nodeToml(int port, String health) {
    return "public = true\n[server]\nhost = \"127.0.0.1\"\nport = " + port + "\nhealth_path = \"" + health + "\"\n"
        + "[http_broadcast]\nport = " + port + "\n[node]\nhttp_instances = 1\n";
  }
}
