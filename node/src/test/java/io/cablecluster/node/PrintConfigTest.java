package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.ConfigFile;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.config.TomlKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code --print-config}: every option, AnyCable-Go's keys, secrets masked, and the output reads back. */
class PrintConfigTest {
  /** Options other branches are adding; the mapping names them ahead of their declarations. */
  private static final Set<String> PENDING = Set.of("log_format", "sse", "sse_path");
  private static final Map<String, String> SECRETS = Map.of("ANYCABLE_SECRET", "app-secret-1",
      "ANYCABLE_BROADCAST_KEY", "broadcast-key-2", "ANYCABLE_JWT_SECRET", "jwt-secret-3",
      "ANYCABLE_EVENTS_KEY", "events-key-4", "ANYCABLE_REDIS_URL", "redis://:redis-pass-5@127.0.0.1:6379/0");

  /** Verifies that every declared option has a key in the config file, so --print-config prints them all. */
  @Test
  void everyDeclaredOptionHasAConfigFileKey() {
    List<String> missing = new ArrayList<>();
    ConfigOptions.configurable().keySet().forEach(name -> {
      if (TomlKeys.home(name) == null) {
        missing.add(name + " (add it to core's TomlKeys: AnyCable-Go's key, or an own section)");
      }
    });
    assertEquals(List.of(), missing);
    for (TomlKeys.Key key : TomlKeys.all()) {
      assertTrue(ConfigOptions.byName().containsKey(key.option()) || PENDING.contains(key.option()),
          key.path() + " maps to undeclared option " + key.option());
    }
  }

  /** Verifies that the printed file, read back with the secrets from the environment, is the same configuration. */
  @Test
  void printedConfigReadsBackAsTheEffectiveConfiguration() {
    String[] flags = {"--port=9100", "--path=/cable,/alt", "--allowed_origins=a.example,b.example",
        "--metrics_tags=env:prod,region:eu", "--norpc", "--broker=memory", "--ping_interval=7",
        "--roles=gateway,broadcaster", "--cluster_members=a:5701,b:5701", "--pubsub_channel=quote\"and\\slash",
        "--max_conn=77", "--debug"};
    Settings original = Settings.of(flags, SECRETS);
    String printed = PrintConfig.render(original);
    Settings readBack = Settings.of(new String[0], SECRETS).withFile(ConfigFile.parse("printed.toml", printed));
    assertEquals(List.of(), readBack.file().ignored(), "every printed key is read back");
    for (Option<?> option : ConfigOptions.configurable().values()) {
      assertEquals(option.read(original), option.read(readBack), option.name() + " reads back:\n" + printed);
    }
    assertTrue(printed.contains("\n[server]\nhost = \"localhost\"\nport = 9100\n"), printed);
    assertTrue(printed.contains("allowed_origins = \"a.example,b.example\""), printed);
    assertTrue(printed.contains("tags = { env = \"prod\", region = \"eu\" }"), printed);
    assertTrue(printed.contains("paths = [\"/cable\", \"/alt\"]"), printed);
    assertTrue(printed.contains("implementation = \"none\""), printed);
  }

  /** Verifies that secrets (and credentials in URLs) are never printed, only a commented-out masked line. */
  @Test
  void secretsAreMaskedAsCommentedOutLines() {
    String printed = PrintConfig.render(Settings.of(new String[] {"--http_rpc_secret=rpc-secret-6"}, SECRETS));
    for (String secret : List.of("app-secret-1", "broadcast-key-2", "jwt-secret-3", "events-key-4", "redis-pass-5",
        "rpc-secret-6")) {
      assertFalse(printed.contains(secret), secret + " printed:\n" + printed);
    }
    assertTrue(printed.contains("\n# secret = \"********\"  # set, not printed: give it by --secret or ANYCABLE_SECRET\n"),
        printed);
    assertTrue(printed.contains("\n# url = \"********\""), printed);
    String none = PrintConfig.render(Settings.of(new String[] {"--broadcast_key=none"}, Map.of()));
    assertTrue(none.contains("\nbroadcast_key = \"none\"\n"), "\"none\" is no secret and is printed:\n" + none);
  }

  /** Verifies that --print-config refuses unknown flags as a start would, and counts as a known flag itself. */
  @Test
  void unknownFlagsAreRefusedAndPrintConfigIsKnown() {
    Settings typo = Settings.of(new String[] {"--print-config", "--prot=1"}, Map.of());
    assertTrue(PrintConfig.requested(typo));
    ConfigException e = assertThrows(ConfigException.class, () -> PrintConfig.render(typo));
    assertTrue(e.getMessage().contains("--prot"), e.getMessage());
    Settings fine = Settings.of(new String[] {"--print-config"}, Map.of());
    assertTrue(PrintConfig.requested(fine));
    PrintConfig.render(fine);
    assertEquals(List.of(), fine.unknownFlags());
  }
}
