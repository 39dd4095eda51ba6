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
 * then the caller's default. Each module turns these into its own typed record once, at start, through
 * its {@link Option} declarations; options several roles need are parsed once into
 * {@link io.cablecluster.core.SharedOptions}.
 */
public final class Settings {
  private final Map<String, String> flags;
  private final Map<String, String> env;
  private final Set<String> asked = ConcurrentHashMap.newKeySet();

  private Settings(Map<String, String> flags, Map<String, String> env) {
    this.flags = flags;
    this.env = env;
  }

  public static Settings of(String[] args, Map<String, String> env) {
    return new Settings(parseFlags(args), Map.copyOf(env));
  }

  public static Settings of(Map<String, String> flags) {
    Map<String, String> normalized = new LinkedHashMap<>();
    flags.forEach((k, v) -> normalized.put(normalize(k), v));
    return new Settings(normalized, Map.of());
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
    return null;
  }

  public String string(String option, String def, String... aliases) {
    String value = raw(option, aliases);
    return value == null ? def : value.trim();
  }

  public int integer(String option, int def, int min, int max, String... aliases) {
    String value = raw(option, aliases);
    if (value == null) {
      return def;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw ConfigException.invalid(option, value, "an integer from " + min + " to " + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw ConfigException.invalid(option, value, "an integer from " + min + " to " + max);
    }
  }

  public boolean bool(String option, boolean def, String... aliases) {
    String value = raw(option, aliases);
    if (value == null) {
      return def;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true": case "1": case "yes": case "on": case "":
        return true;
      case "false": case "0": case "no": case "off":
        return false;
      default:
        throw ConfigException.invalid(option, value, "true or false");
    }
  }

  /** A comma-separated list; blank entries are dropped. */
  public List<String> list(String option, List<String> def, String... aliases) {
    String value = raw(option, aliases);
    if (value == null) {
      return def;
    }
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
      throw ConfigException.invalid(option, value, "one of " + String.join(", ", accepted));
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
