package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.broadcaster.BroadcastHttpConfig;
import io.cablecluster.broadcaster.events.EventsConfig;
import io.cablecluster.broadcaster.redis.RedisConfig;
import io.cablecluster.cluster.ClusterConfig;
import io.cablecluster.cluster.ClusterTlsConfig;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.SharedOptions;
import io.cablecluster.core.config.Option;
import io.cablecluster.gateway.streams.StreamLinger;
import io.cablecluster.core.config.Options;
import io.cablecluster.core.http.AdmissionConfig;
import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.core.presence.PresenceConfig;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.rpc.RpcConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's option table (section "Configuration") says what the declarations say: every option it
 * names is declared, with the default it states, and every declared option is in it, either in a row of
 * its own or in a group row ("see `docs/CLUSTER.md`") whose document names it.
 */
class ReadmeOptionTableTest {
  /** Every config record that declares options; a new one belongs here. */
  private static final List<Class<?>> DECLARING = List.of(NodeConfig.class, AdmissionConfig.class, SharedOptions.class,
      GatewayConfig.class, StreamLogConfig.class, SessionsConfig.class, PresenceConfig.class, RpcConfig.class, BroadcastHttpConfig.class, RedisConfig.class,
      EventsConfig.class, ClusterConfig.class, ClusterTlsConfig.class, StreamLinger.class,
      LoggingConfig.class,
      io.cablecluster.gateway.sse.SseConfig.class);
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern SEE = Pattern.compile("see `([^`]+)`");

  private static Path root;
  private static Map<String, Option<?>> declared;
  private static Map<String, Class<?>> owner;
  private static List<Row> rows;

  /** One table row: the options it names (in order), its default cell split at " / ", its group document. */
  private record Row(String line, List<String> options, List<String> aliases, List<String> defaults, String seeDoc) {
  }

  @BeforeAll
  static void readDeclarationsAndTable() throws IOException {
    declared = new LinkedHashMap<>();
    owner = new LinkedHashMap<>();
    for (Class<?> record : DECLARING) {
      for (Option<?> option : Options.declaredIn(record)) {
        for (String name : option.names()) {
          Class<?> previous = owner.put(name, record);
          assertEquals(null, previous, name + " is declared in " + previous + " and in " + record);
        }
        declared.put(option.name(), option);
      }
    }
    root = repoRoot();
    rows = parseTable(Files.readString(root.resolve("README.md")));
  }

  @Test
  void everyDeclarationHasAOneLineDoc() {
    for (Option<?> option : declared.values()) {
      assertFalse(option.doc().isBlank() || option.doc().contains("\n"), option.name() + ": " + option.doc());
    }
  }

  @Test
  void everyOptionTheTableNamesIsDeclared() {
    List<String> problems = new ArrayList<>();
    for (Row row : rows) {
      for (String name : row.options()) {
        if (!declared.containsKey(name)) {
          problems.add("undeclared option " + name + " in " + row.line());
        }
      }
      for (String alias : row.aliases()) {
        if (!isAliasOfOneOf(alias, row.options())) {
          problems.add(alias + " is no alias of " + row.options() + " in " + row.line());
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void theTableStatesEveryDefaultAsDeclared() {
    List<String> problems = new ArrayList<>();
    for (Row row : rows) {
      if (row.seeDoc() != null) {
        continue; // a group row: its document holds the defaults
      }
      List<String> defaults = row.defaults();
      if (defaults.size() != 1 && defaults.size() != row.options().size()) {
        problems.add("one default, or one per option, in " + row.line());
        continue;
      }
      for (int i = 0; i < row.options().size(); i++) {
        Option<?> option = declared.get(row.options().get(i));
        String stated = defaults.size() == 1 ? defaults.get(0) : defaults.get(i);
        if (option != null && !option.defaultText().equals(stated)) {
          problems.add(option.name() + " defaults to " + option.defaultText() + ", not " + stated);
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyDeclaredOptionIsInTheTableOrInADocumentedGroup() throws IOException {
    List<String> inRows = new ArrayList<>();
    Map<Class<?>, String> groupDocs = new LinkedHashMap<>();
    for (Row row : rows) {
      if (row.seeDoc() == null) {
        inRows.addAll(row.options());
      } else {
        row.options().forEach(name -> groupDocs.put(owner.get(name), row.seeDoc()));
      }
    }
    List<String> problems = new ArrayList<>();
    for (Option<?> option : declared.values()) {
      if (inRows.contains(option.name())) {
        continue;
      }
      String doc = groupDocs.get(owner.get(option.name()));
      if (doc == null) {
        problems.add(option.name() + " is neither in the table nor in a group row");
        continue;
      }
      String text = Files.readString(root.resolve(doc));
      String upper = option.name().toUpperCase(Locale.ROOT);
      if (!text.contains("`" + option.name() + "`") && !text.contains("`CABLE_" + upper + "`")
          && !text.contains("`ANYCABLE_" + upper + "`")) {
        problems.add(option.name() + " is not named in " + doc);
      }
    }
    assertEquals(List.of(), problems);
  }

  private static boolean isAliasOfOneOf(String alias, List<String> names) {
    for (String name : names) {
      Option<?> option = declared.get(name);
      String upper = name.toUpperCase(Locale.ROOT);
      if (option.envAliases().contains(alias) || option.formerNames().contains(alias)
          || alias.equals("ANYCABLE_" + upper) || alias.equals("CABLE_" + upper)) {
        return true;
      }
    }
    return false;
  }

  private static List<Row> parseTable(String readme) {
    int start = readme.indexOf("## Configuration");
    assertTrue(start >= 0, "README has no Configuration section");
    int end = readme.indexOf("\n## ", start + 1);
    List<Row> parsed = new ArrayList<>();
    for (String line : readme.substring(start, end < 0 ? readme.length() : end).split("\n")) {
      if (!line.startsWith("| ") || line.startsWith("| option ")) {
        continue;
      }
      String[] cells = line.split("\\|");
      parsed.add(row(line, cells[1].trim(), cells[2].trim(), cells[3].trim()));
    }
    assertTrue(parsed.size() > 10, "no option table found in the Configuration section");
    return parsed;
  }

  /**
   * Names are in backticks: {@code `http_broadcast_port` / `_path`} abbreviates http_broadcast_path; upper-case
   * names are environment variables and names in "(formerly …)" are former names, both aliases.
   */
  private static Row row(String line, String namesCell, String defaultCell, String meaningCell) {
    List<String> options = new ArrayList<>();
    List<String> aliases = new ArrayList<>();
    Matcher code = CODE.matcher(namesCell);
    while (code.find()) {
      String name = code.group(1);
      if (name.equals(name.toUpperCase(Locale.ROOT)) || namesCell.substring(0, code.start()).endsWith("formerly ")) {
        aliases.add(name);
      } else if (name.startsWith("_")) {
        String first = options.get(0);
        options.add(first.substring(0, first.lastIndexOf('_')) + name);
      } else {
        options.add(name);
      }
    }
    assertFalse(options.isEmpty(), "a row without an option: " + line);
    Matcher see = SEE.matcher(meaningCell);
    return new Row(line, options, aliases, List.of(defaultCell.split(" / ")), see.find() ? see.group(1) : null);
  }

  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.exists(dir.resolve("README.md")) && Files.exists(dir.resolve("node")))) {
      dir = dir.getParent();
    }
    assertTrue(dir != null, "repository root not found above " + Path.of("").toAbsolutePath());
    return dir;
  }
}
