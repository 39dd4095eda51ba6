package io.cablecluster.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Raw option values, looked up in order: command-line flag ({@code --rpc_host=…}, {@code --rpc-host …}),
 * then environment ({@code ANYCABLE_RPC_HOST}, then {@code CABLE_RPC_HOST}, then any listed alias),
 * then the config file ({@link ConfigFile}, {@link #withFile}), then the caller's default. A value from the
 * file must have the TOML type the option reads (a string, an integer, a boolean, an array or a comma string
 * for lists); errors about it name the file and its key. Each module turns these into its own typed record
 * once, at start, through its {@link Option} declarations; options several roles need are parsed once into
 * {@link io.cablecluster.core.SharedOptions}.
 */
public final class Settings {
  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final FileLayer file;
  private final Set<String> asked;

  private Settings(Map<String, String> flags, Map<String, String> env, FileLayer file, Set<String> asked) {
    this.flags = flags;
    this.env = env;
    this.file = file;
    this.asked = asked;
  }

  public static Settings of(String[] args, Map<String, String> env) {
    return new Settings(parseFlags(args), Map.copyOf(env), FileLayer.NONE, ConcurrentHashMap.newKeySet());
  }

  public static Settings of(Map<String, String> flags) {
    return of(flags, Map.of());
  }

  public static Settings of(Map<String, String> flags, Map<String, String> env) {
    Map<String, String> normalized = new LinkedHashMap<>();
    flags.forEach((k, v) -> normalized.put(normalize(k), v));
    return new Settings(normalized, Map.copyOf(env), FileLayer.NONE, ConcurrentHashMap.newKeySet());
  }

  /** These settings with a config file as the layer below flags and environment (the flags asked so far stay asked). */
  public Settings withFile(FileLayer layer) {
    return new Settings(flags, env, layer, asked);
  }

  /** The config file these settings read, {@link FileLayer#NONE} when none. */
  public FileLayer file() {
    return file;
  }

  /** A command-line flag only (no environment, no file), e.g. {@code --config-path}; null when not given. */
  public String flag(String option) {
    String name = normalize(option);
    asked.add(name);
    return flags.get(name);
  }

  /** Whether a flag, an environment variable or the file sets the option (else its default applies). */
  public boolean isSet(String option, String... aliases) {
    String name = normalize(option);
    return flags.containsKey(name) || inEnv(name, aliases) || file.get(name) != null;
  }

  public static String envName(String option) {
    return "ANYCABLE_" + option.toUpperCase(Locale.ROOT);
  }

  /** The configured value of an option, or null; {@code aliases} are extra environment names (e.g. PORT). */
  public String raw(String option, String... aliases) {
    String name = normalize(option);
    asked.add(name);
    if (flags.containsKey(name)) {
      return flags.get(name);
    }
    for (String candidate : envCandidates(name, aliases)) {
      String value = env.get(candidate);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    FileLayer.Value fromFile = file.get(name);
    return fromFile == null ? null : fromFile.text();
  }

  public String string(String option, String def, String... aliases) {
    String value = raw(option, aliases);
    if (value == null) {
      return def;
    }
    checkFileType(option, aliases, "a string", String.class);
    return value.trim();
  }

  public int integer(String option, int def, int min, int max, String... aliases) {
    String value = raw(option, aliases);
    if (value == null) {
      return def;
    }
    String accepts = "an integer from " + min + " to " + max;
    checkFileType(option, aliases, accepts, Long.class);
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw invalid(option, value, accepts, aliases);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw invalid(option, value, accepts, aliases);
    }
  }

  public boolean bool(String option, boolean def, String... aliases) {
    String value = raw(option, aliases);
    if (value == null) {
      return def;
    }
    checkFileType(option, aliases, "true or false", Boolean.class);
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true": case "1": case "yes": case "on": case "":
        return true;
      case "false": case "0": case "no": case "off":
        return false;
      default:
        throw invalid(option, value, "true or false", aliases);
    }
  }

  /** A comma-separated list; blank entries are dropped. */
  public List<String> list(String option, List<String> def, String... aliases) {
    String value = raw(option, aliases);
    if (value == null) {
      return def;
    }
    checkFileType(option, aliases, "an array of strings or a comma-separated string", List.class, String.class);
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return List.copyOf(items);
  }

  /** One of a fixed set of words. */
  public String choice(String option, String def, List<String> accepted, String... aliases) {
    String value = string(option, def, aliases).toLowerCase(Locale.ROOT);
    if (!accepted.contains(value)) {
      throw invalid(option, value, "one of " + String.join(", ", accepted), aliases);
    }
    return value;
  }

  /** Flags given on the command line that no module asked for: a typo should stop the node, not be ignored. */
  public List<String> unknownFlags() {
    List<String> unknown = new ArrayList<>();
    for (String flag : flags.keySet()) {
      if (!asked.contains(flag)) {
        unknown.add("--" + flag);
      }
    }
    return unknown;
  }

  /** A value from the config file must have the TOML type the option reads: {@code port = "80"} is refused. */
  private void checkFileType(String option, String[] aliases, String accepts, Class<?>... types) {
    FileLayer.Value value = fileValueInEffect(option, aliases);
    if (value == null) {
      return;
    }
    for (Class<?> type : types) {
      if (type.isInstance(value.value())) {
        if (value.value() instanceof List<?> items && !items.stream().allMatch(String.class::isInstance)) {
          break;
        }
        return;
      }
    }
    throw new ConfigException(file.describe(value) + ": " + value.typeName() + " " + value.text()
        + " is of the wrong type for option --" + option + ": expected " + accepts);
  }

  /** An invalid value; when it came from the config file the message names the file and the key. */
  private ConfigException invalid(String option, String value, String accepts, String[] aliases) {
    FileLayer.Value fromFile = fileValueInEffect(option, aliases);
    if (fromFile == null) {
      return ConfigException.invalid(option, value, accepts);
    }
    return new ConfigException(file.describe(fromFile) + ": invalid value '" + value + "' for option --" + option
        + ": expected " + accepts);
  }

  /** The file's value for the option when no flag or environment variable overrides it, else null. */
  private FileLayer.Value fileValueInEffect(String option, String[] aliases) {
    String name = normalize(option);
    return flags.containsKey(name) || inEnv(name, aliases) ? null : file.get(name);
  }

  private boolean inEnv(String name, String[] aliases) {
    for (String candidate : envCandidates(name, aliases)) {
      String value = env.get(candidate);
      if (value != null && !value.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  private static List<String> envCandidates(String name, String[] aliases) {
    String upper = name.toUpperCase(Locale.ROOT);
    List<String> names = new ArrayList<>(List.of("ANYCABLE_" + upper, "CABLE_" + upper));
    names.addAll(Arrays.asList(aliases));
    return names;
  }

  private static String normalize(String option) {
    return option.replace('-', '_').toLowerCase(Locale.ROOT);
  }

  private static Map<String, String> parseFlags(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        throw new ConfigException("unexpected argument '" + arg + "': options look like --name=value");
      }
      String body = arg.replaceFirst("^--?", "");
      int eq = body.indexOf('=');
      if (eq >= 0) {
        flags.put(normalize(body.substring(0, eq)), body.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        flags.put(normalize(body), args[++i]);
      } else {
        flags.put(normalize(body), "true");
      }
    }
    return flags;
  }
}
