package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.cablecluster.core.config.Settings;
import io.cablecluster.testkit.NodeJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** AnyCable-Go's logging options are accepted, from flags and from its environment variables. */
class LoggingOptionsTest {

  @Test
  @DisplayName("Verifies that log_level and debug map AnyCable-Go's level names, from flags and ANYCABLE_ variables")
  void levelsFromFlagsAndEnvironment() {
    assertEquals(Level.INFO, LoggingConfig.from(Settings.of(new String[0], Map.of())).level());
    assertEquals(Level.WARNING, LoggingConfig.from(Settings.of(new String[] {"--log_level=warn"}, Map.of())).level());
    assertEquals(Level.FINE, LoggingConfig.from(Settings.of(new String[0], Map.of("ANYCABLE_DEBUG", "true"))).level());
    assertEquals(Level.SEVERE,
        LoggingConfig.from(Settings.of(new String[0], Map.of("ANYCABLE_LOG_LEVEL", "error"))).level());
  }

  @Test
  @DisplayName("Verifies that a node started with --log_level=warn serves without its INFO lines, and one with --log_level=debug starts")
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void nodesStartWithAnyCableLogOptions(@TempDir Path dir) {
    try (NodeJvm quiet = NodeJvm.start("quiet", dir, "--public", "--log_level=warn");
         NodeJvm chatty = NodeJvm.start("chatty", dir, "--public", "--log_level=debug")) {
      quiet.awaitHealthy(Duration.ofSeconds(60));
      chatty.awaitHealthy(Duration.ofSeconds(60));
      chatty.awaitOutput(Duration.ofSeconds(10), out -> out.contains("node started"), "the start line");
      assertFalse(quiet.output().contains(" INFO io.cablecluster"), "no INFO line of the node's own:\n" + quiet.output());
    }
  }
}
