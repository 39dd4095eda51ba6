package io.cablecluster.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * The TOML config file, found as AnyCable-Go finds it: {@code --config-path} (a flag only, as in AnyCable-Go),
 * else {@code ./anycable.toml}, else {@code /etc/anycable/anycable.toml}; {@code --ignore-config-path} reads none.
 * Its keys are mapped to options by {@link TomlKeys}; keys that set nothing here are collected (reported once
 * by the launcher) and otherwise ignored, as AnyCable-Go's decoder ignores them. A file over {@link #MAX_BYTES},
 * one that is not TOML, and a mapped value of the wrong type stop the node with a {@link ConfigException}
 * naming the file (and the key).
 */
public final class ConfigFile {
  /** The file is read whole; 1 MiB is far above any real configuration (AnyCable-Go's full print is ~10 KiB). */
  public static final int MAX_BYTES = 1024 * 1024;
  /** The deepest table a mapped key needs is two levels down; anything deeper is reported as ignored. */
  private static final int MAX_DEPTH = 4;
  /** AnyCable-Go's discovery order when no {@code --config-path} is given. */
  public static final List<Path> DISCOVERY = List.of(Path.of("./anycable.toml"), Path.of("/etc/anycable/anycable.toml"));

  /** Loaded on first parse only: a node without a config file never loads Jackson's databind. */
  private static final class Toml {
    static final TomlMapper MAPPER = new TomlMapper();
  }

  // Flags only, as in AnyCable-Go (read with Settings#flag: no environment variable, no file key). Declared as
  // options so that the README's table is checked against them.
  public static final Option<String> CONFIG_PATH = Option.string("config_path", "",
      "the TOML config file (a flag only)").defaultShownAs("./anycable.toml, else /etc/anycable/anycable.toml");
  public static final Option<Boolean> IGNORE_CONFIG_PATH = Option.bool("ignore_config_path", false,
      "read no config file (a flag only)");
  public static final Option<Boolean> PRINT_CONFIG = Option.bool("print_config", false,
      "print the effective configuration as TOML and exit 0 (a flag only)");
  /** The options above, which have no key in the file and are not printed by --print-config. */
  public static final List<String> FLAG_ONLY = List.of("config_path", "ignore_config_path", "print_config");

  private ConfigFile() {
  }

  /** {@code base} with the config file its flags name (or the first of {@code discovery} that exists) below it. */
  public static Settings load(Settings base, List<Path> discovery) {
    String ignore = base.flag(IGNORE_CONFIG_PATH.name());
    String named = base.flag(CONFIG_PATH.name());
    if (ignore != null && IGNORE_CONFIG_PATH.read(Settings.of(Map.of(IGNORE_CONFIG_PATH.name(), ignore)))) {
      return base;
    }
    Path path = null;
    if (named != null && !named.isBlank() && !named.equals("true")) {
      path = Path.of(named.trim());
    } else if (named != null) {
      throw new ConfigException("--config-path needs a file: --config-path=<file>");
    } else {
      for (Path candidate : discovery) {
        if (Files.isRegularFile(candidate)) {
          path = candidate;
          break;
        }
      }
    }
    return path == null ? base : base.withFile(read(path));
  }

  /** Reads and maps one file. */
  public static FileLayer read(Path path) {
    String name = path.toString();
    String text;
    try {
      if (Files.size(path) > MAX_BYTES) {
        throw tooBig(name);
      }
      try (InputStream in = Files.newInputStream(path)) {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
          throw tooBig(name); // it grew between the size check and the read
        }
        text = new String(bytes, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new ConfigException("config file " + name + ": cannot read it (" + e.getClass().getSimpleName() + ": "
          + e.getMessage() + ")");
    }
    return parse(name, text);
  }

  /** Maps TOML text; {@code name} is how messages name the file. */
  public static FileLayer parse(String name, String text) {
    JsonNode root;
    try {
      root = Toml.MAPPER.readTree(text);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new ConfigException("config file " + name + " is not valid TOML" + where + ": " + e.getOriginalMessage());
    } catch (StackOverflowError e) {
      throw new ConfigException("config file " + name + " is not valid TOML: nested too deeply");
    }
    Mapping mapping = new Mapping(name);
    if (root != null && root.isObject()) {
      mapping.walk("", root, 0);
    }
    return new FileLayer(name, mapping.values, mapping.ignored);
  }

  private static ConfigException tooBig(String name) {
    return new ConfigException("config file " + name + " is larger than " + MAX_BYTES + " bytes (1 MiB), the limit");
  }

  /** Walks the parsed tables, turning mapped keys into values and collecting the rest. */
  private static final class Mapping {
    private final String file;
    private final Map<String, FileLayer.Value> values = new LinkedHashMap<>();
    private final List<String> ignored = new ArrayList<>();

    Mapping(String file) {
      this.file = file;
    }

    void walk(String prefix, JsonNode table, int depth) {
      for (Map.Entry<String, JsonNode> entry : table.properties()) {
        String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
        JsonNode node = entry.getValue();
        TomlKeys.Key key = TomlKeys.byPath(path);
        if (key != null) {
          set(key, node);
        } else if (node.isObject() && depth + 1 < MAX_DEPTH) {
          walk(path, node, depth + 1);
        } else {
          ignored.add(path);
        }
      }
    }

    private void set(TomlKeys.Key key, JsonNode node) {
      Object value = switch (key.shape()) {
        case TABLE -> table(key, node);
        case RPC_IMPLEMENTATION -> implementation(key, node);
        default -> scalarOrList(node);
      };
      if (value != null && (key.home() || !values.containsKey(key.option()))) {
        values.put(key.option(), new FileLayer.Value(key.path(), value));
      }
    }

    /** {@code tags.env = "prod"} becomes {@code env:prod}, the option's {@code key:value} list. */
    private Object table(TomlKeys.Key key, JsonNode node) {
      if (!node.isObject()) {
        throw wrongType(key, node, "a table of strings (e.g. tags.env = \"prod\")");
      }
      List<String> pairs = new ArrayList<>();
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        if (!entry.getValue().isString()) {
          throw wrongType(key, entry.getValue(), "a table of strings (e.g. tags.env = \"prod\")");
        }
        pairs.add(entry.getKey() + ":" + entry.getValue().asString());
      }
      return pairs;
    }

    /** AnyCable-Go's implementation switch: "none" is norpc, "http"/"" leave it off, gRPC is not supported. */
    private Object implementation(TomlKeys.Key key, JsonNode node) {
      if (!node.isString()) {
        throw wrongType(key, node, "\"http\" or \"none\"");
      }
      return switch (node.asString().trim()) {
        case "none" -> Boolean.TRUE;
        case "http" -> Boolean.FALSE;
        case "" -> null;
        default -> throw new ConfigException(where(key) + ": '" + node.asString()
            + "' is not supported: expected \"http\" (with [rpc] host = \"http(s)://…/_anycable\") or \"none\"");
      };
    }

    private ConfigException wrongType(TomlKeys.Key key, JsonNode node, String expected) {
      return new ConfigException(where(key) + ": " + node + " is of the wrong type: expected " + expected);
    }

    private String where(TomlKeys.Key key) {
      return new FileLayer(file, Map.of(), List.of()).describe(new FileLayer.Value(key.path(), ""));
    }
  }

  /** A TOML value as plain Java: String, Long, Boolean, Double, a List of those; a table stays a JsonNode. */
  static Object scalarOrList(JsonNode node) {
    if (node.isString()) {
      return node.asString();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>();
      for (JsonNode item : node) {
        items.add(item.isContainer() ? item : scalarOrList(item)); // a nested array or table fails every type check
      }
      return items;
    }
    return node; // a table where a value belongs: no option reads a JsonNode, so it is a wrong type
  }
}
