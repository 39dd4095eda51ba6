package io.cablecluster.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TOML config file: AnyCable-Go's keys, discovery, precedence and bad files. */
class ConfigFileTest {
  private static final String[] NO_FLAGS = new String[0];

  /** Verifies that a file in AnyCable-Go's own --print-config shape sets the options its keys name. */
  @Test
  void anyCableGoPrintConfigFileSetsTheMappedOptions() throws Exception {
    Path fixture = Path.of(ConfigFileTest.class.getResource("/config/anycable-go-print-config.toml").toURI());
    Settings s = ConfigFile.load(Settings.of(new String[] {"--config-path=" + fixture}, Map.of()), List.of());
    assertEquals("fixture-app-secret", s.string("secret", ""));
    assertEquals("fixture-broadcast-key", s.string("broadcast_key", ""));
    assertFalse(s.isSet("noauth"), "commented-out keys set nothing");
    assertEquals(List.of("http", "redisx"), s.list("broadcast_adapter", List.of()));
    assertEquals("0.0.0.0", s.string("host", "localhost"));
    assertEquals(8081, s.integer("port", 8080, 0, 65535));
    assertEquals(List.of("example.com", "*.example.org"), s.list("allowed_origins", List.of()));
    assertEquals(5000, s.integer("max_conn", 0, 0, 1_000_000));
    assertEquals("/up", s.string("health_path", "/health"));
    assertEquals("warn", s.string("log_level", "info"));
    assertEquals("json", s.string("log_format", "text"));
    assertFalse(s.bool("norpc", true), "implementation = \"http\" is norpc=false");
    assertEquals("http://127.0.0.1:3000/_anycable", s.string("rpc_host", ""));
    assertEquals(List.of("cookie", "x-api-token"), s.list("headers", List.of()));
    assertEquals(List.of("_session_id"), s.list("proxy_cookies", List.of()));
    assertEquals(12, s.integer("rpc_concurrency", 28, 1, 100));
    assertEquals("fixture-rpc-secret", s.string("http_rpc_secret", ""));
    assertEquals(2500, s.integer("rpc_request_timeout", 3000, 1, 600_000));
    assertEquals(4000, s.integer("rpc_command_timeout", 3000, 1, 600_000));
    assertEquals("memory", s.string("broker", "none"));
    assertEquals(600, s.integer("history_ttl", 300, 1, 86_400));
    assertEquals(50, s.integer("history_limit", 100, 1, 1000));
    assertEquals(120, s.integer("sessions_ttl", 300, 1, 86_400));
    assertEquals(20, s.integer("presence_ttl", 15, 1, 3600));
    assertEquals("fixture-jwt-secret", s.string("jwt_secret", ""));
    assertEquals("token", s.string("jwt_param", "jid"));
    assertTrue(s.bool("enforce_jwt", false));
    assertEquals("fixture-streams-secret", s.string("streams_secret", ""));
    assertTrue(s.bool("public_streams", false));
    assertTrue(s.bool("streams_whisper", false));
    assertTrue(s.bool("turbo_streams", false));
    assertEquals("$pubsub", s.string("pubsub_channel", ""));
    assertEquals(List.of("/cable", "/ws-alt"), s.list("path", List.of()));
    assertEquals(131072, s.integer("max_message_size", 65536, 128, 1 << 24));
    assertEquals(2097152, s.integer("ws_max_pending_size", 1 << 20, 1, 1 << 30));
    assertTrue(s.bool("enable_ws_compression", false));
    assertTrue(s.bool("sse", false));
    assertEquals("/sse", s.string("sse_path", "/events"));
    assertEquals("redis://127.0.0.1:6379/2", s.string("redis_url", ""));
    assertEquals(8081, s.integer("http_broadcast_port", 8090, 0, 65535));
    assertEquals("/_push", s.string("http_broadcast_path", ""));
    assertTrue(s.bool("http_broadcast_cors", false));
    assertEquals("__fixture__", s.string("redisx_stream", ""));
    assertEquals("fixture-group", s.string("redisx_group", ""));
    assertEquals("__fixture_channel__", s.string("redis_channel", ""));
    assertEquals("/metrics", s.string("metrics_http", ""));
    assertEquals(8082, s.integer("metrics_port", 8080, 0, 65535));
    assertEquals(List.of("env:staging", "region:eu-west"), s.list("metrics_tags", List.of()));
    assertEquals(5, s.integer("ping_interval", 3, 1, 3600));
    assertEquals("ms", s.string("ping_timestamp_precision", "s"));
    assertEquals(6, s.integer("pong_timeout", 0, 0, 3600));
    assertEquals("always", s.string("disconnect_mode", "auto"));
    assertEquals(20, s.integer("shutdown_timeout", 30, 0, 3600));
    assertEquals(50, s.integer("disconnect_rate", 100, 1, 1000));
    assertEquals(2048, s.integer("disconnect_backlog_size", 4096, 1, 100_000));
    NodeConfig node = NodeConfig.from(s);
    assertEquals(Map.of("env", "staging", "region", "eu-west"), node.metricsTags());
    List<String> ignored = s.file().ignored();
    for (String key : List.of("node_id", "pubsub_adapter", "rpc.max_recv_size", "ws.read_buffer_size",
        "redis.sentinels", "nats.servers", "redis_pubsub.channel", "app.broadcast_gopool_size", "ds.path")) {
      assertTrue(ignored.contains(key), key + " is reported as ignored: " + ignored);
    }
  }

  /** Verifies that a flag beats the environment, which beats the file, which beats the default. */
  @Test
  void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws IOException {
    Path file = write(dir, "anycable.toml", "[server]\nport = 9001\nhost = \"file-host\"\nhealth_path = \"/file\"\n");
    String[] flags = {"--config-path", file.toString(), "--port=9003"};
    Map<String, String> env = Map.of("ANYCABLE_PORT", "9002", "ANYCABLE_HOST", "env-host");
    Settings all = ConfigFile.load(Settings.of(flags, env), List.of());
    assertEquals(9003, all.integer("port", 8080, 0, 65535));
    assertEquals("env-host", all.string("host", "localhost"));
    assertEquals("/file", all.string("health_path", "/health"));
    assertEquals(30, all.integer("shutdown_timeout", 30, 0, 3600));
    Settings fileOnly = ConfigFile.load(Settings.of(new String[] {"--config-path=" + file}, Map.of()), List.of());
    assertEquals(9001, fileOnly.integer("port", 8080, 0, 65535));
    assertTrue(fileOnly.unknownFlags().isEmpty(), "--config-path is a known flag");
  }

  /** Verifies that without --config-path the first existing discovery path is read, and none when told to ignore. */
  @Test
  void discoveryTakesTheFirstExistingFileUnlessIgnored(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.toml");
    Path found = write(dir, "etc.toml", "[server]\nport = 7001\n");
    Settings s = ConfigFile.load(Settings.of(NO_FLAGS, Map.of()), List.of(missing, found));
    assertEquals(found.toString(), s.file().path());
    assertEquals(7001, s.integer("port", 8080, 0, 65535));
    Settings ignoring = Settings.of(new String[] {"--ignore-config-path"}, Map.of());
    assertSame(FileLayer.NONE, ConfigFile.load(ignoring, List.of(found)).file());
    assertTrue(ignoring.unknownFlags().isEmpty(), "--ignore-config-path is a known flag");
    Settings none = ConfigFile.load(Settings.of(NO_FLAGS, Map.of()), List.of(missing));
    assertFalse(none.file().present());
  }

  /** Verifies that --config-path is a flag only: ANYCABLE_CONFIG_PATH, which AnyCable-Go lacks, is not read. */
  @Test
  void configPathIsAFlagOnly(@TempDir Path dir) throws IOException {
    Path file = write(dir, "x.toml", "[server]\nport = 7002\n");
    Settings s = ConfigFile.load(Settings.of(NO_FLAGS, Map.of("ANYCABLE_CONFIG_PATH", file.toString())), List.of());
    assertFalse(s.file().present());
  }

  /** Verifies that a value of the wrong TOML type stops the node with a message naming the file and key. */
  @Test
  void aValueOfTheWrongTypeNamesTheKey(@TempDir Path dir) throws IOException {
    Path file = write(dir, "bad.toml", "[server]\nport = \"8080\"\n");
    Settings s = ConfigFile.load(Settings.of(new String[] {"--config-path=" + file}, Map.of()), List.of());
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.from(s));
    assertTrue(e.getMessage().contains("config file " + file + ", key [server] port"), e.getMessage());
    assertTrue(e.getMessage().contains("wrong type"), e.getMessage());
    Settings flagWins = ConfigFile.load(Settings.of(new String[] {"--config-path=" + file, "--port=1"}, Map.of()),
        List.of());
    assertEquals(1, NodeConfig.from(flagWins).port(), "an overridden file value is not checked");
    for (String bad : List.of("[ws]\npaths = [1, 2]\n", "[logging]\ndebug = \"yes\"\n", "[server]\nhost = 5\n",
        "[server]\nport = 80.5\n", "[server]\nport = { a = 1 }\n", "[metrics]\ntags = [\"a:b\"]\n")) {
      Path other = write(dir, "bad2.toml", bad);
      assertThrows(ConfigException.class, () -> {
        Settings settings = ConfigFile.load(Settings.of(new String[] {"--config-path=" + other}, Map.of()), List.of());
        NodeConfig.from(settings);
        settings.list("path", List.of());
        settings.bool("debug", false);
      }, bad);
    }
  }

  /** Verifies that a value out of the option's range names the file key as well as the option. */
  @Test
  void anOutOfRangeValueNamesTheKey(@TempDir Path dir) throws IOException {
    Path file = write(dir, "range.toml", "[server]\nport = 70000\n");
    Settings s = ConfigFile.load(Settings.of(new String[] {"--config-path=" + file}, Map.of()), List.of());
    ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.from(s));
    assertTrue(e.getMessage().contains("[server] port") && e.getMessage().contains("--port")
        && e.getMessage().contains("an integer from 0 to 65535"), e.getMessage());
  }

  /** Verifies that a file that is not TOML is refused with the line of the error. */
  @Test
  void aSyntaxErrorIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
    Path file = write(dir, "syntax.toml", "secret = \"x\"\n[server\nport = 1\n");
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigFile.load(Settings.of(new String[] {"--config-path=" + file}, Map.of()), List.of()));
    assertTrue(e.getMessage().startsWith("config file " + file + " is not valid TOML at line 2"), e.getMessage());
  }

  /** Verifies that a file over 1 MiB is refused before it is parsed, and a missing named file is an error. */
  @Test
  void anOversizedOrMissingFileIsRefused(@TempDir Path dir) throws IOException {
    Path big = write(dir, "big.toml", "# " + "x".repeat(ConfigFile.MAX_BYTES) + "\n");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(big));
    assertTrue(e.getMessage().contains("larger than 1048576 bytes"), e.getMessage());
    ConfigException missing = assertThrows(ConfigException.class, () -> ConfigFile.read(dir.resolve("nope.toml")));
    assertTrue(missing.getMessage().contains("cannot read it"), missing.getMessage());
  }

  /** Verifies that arrays nested far too deep are refused as a message, not a crash. */
  @Test
  void deeplyNestedValuesAreRefusedCleanly() {
    int depth = 100_000;
    String text = "a = " + "[".repeat(depth) + "]".repeat(depth) + "\n";
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.parse("deep.toml", text));
    assertTrue(e.getMessage().startsWith("config file deep.toml is not valid TOML"), e.getMessage());
  }

  /** Verifies AnyCable-Go's special keys: rpc implementation, the deprecated broadcast secret, metrics http_path. */
  @Test
  void anyCableGoSpecialKeysMapAsItReadsThem() {
    Settings none = settings("[rpc]\nimplementation = \"none\"\n");
    assertTrue(none.bool("norpc", false));
    ConfigException grpc = assertThrows(ConfigException.class, () -> settings("[rpc]\nimplementation = \"grpc\"\n"));
    assertTrue(grpc.getMessage().contains("[rpc] implementation"), grpc.getMessage());
    assertEquals("old", settings("[http_broadcast]\nsecret = \"old\"\n").string("broadcast_key", ""));
    assertEquals("new", settings("broadcast_key = \"new\"\n[http_broadcast]\nsecret = \"old\"\n")
        .string("broadcast_key", ""));
    assertEquals("/m", settings("[metrics]\nhttp_path = \"/m\"\n").string("metrics_http", ""));
    assertEquals(List.of("a:1"), settings("[metrics]\ntags = { a = \"1\" }\n").list("metrics_tags", List.of()));
  }

  /** Verifies that cable-cluster's own options are read from their own sections under their names. */
  @Test
  void ownOptionsLiveInTheirOwnSections() {
    Settings s = settings("[cluster]\ncluster = \"local\"\ncluster_members = [\"a:5701\", \"b:5701\"]\n"
        + "[admission]\nread_header_timeout = 9\n[node]\nroles = [\"gateway\"]\n");
    assertEquals("local", s.string("cluster", "none"));
    assertEquals(List.of("a:5701", "b:5701"), s.list("cluster_members", List.of()));
    assertEquals(9, s.integer("read_header_timeout", 5, 0, 100));
    assertEquals(List.of("gateway"), NodeConfig.from(s).roles());
    assertTrue(settings("[admission]\ncluster = \"local\"\n").file().ignored().contains("admission.cluster"),
        "an own option is read only in its own section");
  }

  private static Settings settings(String toml) {
    return Settings.of(NO_FLAGS, Map.of()).withFile(ConfigFile.parse("test.toml", toml));
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
