package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.log.JsonLogFormatter;
import io.cablecluster.core.log.TextLogFormatter;
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
  @DisplayName("Verifies that log_format takes AnyCable-Go's text and json, from the flag and ANYCABLE_LOG_FORMAT, text by default")
  void formatFromFlagAndEnvironment() {
    assertFalse(LoggingConfig.from(Settings.of(new String[0], Map.of())).json());
    assertInstanceOf(TextLogFormatter.class, LoggingConfig.from(Settings.of(new String[0], Map.of())).formatter());
    assertTrue(LoggingConfig.from(Settings.of(new String[] {"--log_format=json"}, Map.of())).json());
    LoggingConfig fromEnv = LoggingConfig.from(Settings.of(new String[0], Map.of("ANYCABLE_LOG_FORMAT", "json")));
    assertTrue(fromEnv.json());
    assertInstanceOf(JsonLogFormatter.class, fromEnv.formatter());
  }

  @Test
  @DisplayName("Verifies that an unknown log_format or log_level is a ConfigException naming the option")
  void invalidValuesNameTheOption() {
    ConfigException format = assertThrows(ConfigException.class,
        () -> LoggingConfig.from(Settings.of(new String[] {"--log_format=xml"}, Map.of())));
    assertTrue(format.getMessage().contains("log_format") && format.getMessage().contains("xml"), format.getMessage());
    ConfigException level = assertThrows(ConfigException.class,
        () -> LoggingConfig.from(Settings.of(new String[0], Map.of("ANYCABLE_LOG_LEVEL", "verbose"))));
    assertTrue(level.getMessage().contains("log_level"), level.getMessage());
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
