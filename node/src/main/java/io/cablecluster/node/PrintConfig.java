package io.cablecluster.node;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.ConfigFile;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.config.TomlKeys;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code --print-config}: the effective configuration as a TOML file in AnyCable-Go's shape ({@link TomlKeys}),
 * every declared option with its value. Unlike AnyCable-Go, secrets are not printed: a set secret is written as a
 * commented-out line, so the printed file reads back as the same configuration once the secrets come from the
 * environment (or flags), and it never carries them. A default computed at start (the main port, the cores) is a
 * commented-out line too, so reading the file back computes it again.
 */
final class PrintConfig {
  private static final Pattern URL_CREDENTIALS = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://[^/@]*@");
  private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

  private PrintConfig() {
  }

  /** Whether {@code --print-config} was given (a flag only, as in AnyCable-Go). */
  static boolean requested(Settings settings) {
    String flag = settings.flag(ConfigFile.PRINT_CONFIG.name());
    return flag != null && ConfigFile.PRINT_CONFIG.read(Settings.of(Map.of(ConfigFile.PRINT_CONFIG.name(), flag)));
  }

  /** The TOML text; reads (and so checks) every option, and refuses unknown flags as a start would. */
  static String render(Settings settings) {
    Map<String, Option<?>> declared = ConfigOptions.configurable();
    Map<String, Object> values = new LinkedHashMap<>();
    declared.forEach((name, option) -> values.put(name, option.read(settings)));
    List<String> unknown = settings.unknownFlags();
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown option(s): " + String.join(", ", unknown));
    }
    StringBuilder out = new StringBuilder();
    out.append("# cable-cluster configuration (--print-config), in AnyCable-Go's anycable.toml shape;\n")
        .append("# cable-cluster's own options are in sections of their own, under their option names.\n")
        .append("# Secrets are not printed: give them by flag or environment (ANYCABLE_<NAME>).\n")
        .append(settings.file().present() ? "# Read from " + settings.file().path() + ".\n" : "");
    String section = "";
    for (TomlKeys.Key key : TomlKeys.all()) {
      Option<?> option = declared.remove(key.option());
      if (!key.home() || option == null) {
        continue;
      }
      if (!key.section().equals(section)) {
        section = key.section();
        out.append("\n[").append(section).append("]\n");
      }
      out.append(line(key, option, values.get(option.name()), settings)).append('\n');
    }
    if (!declared.isEmpty()) {
      out.append("\n# Options without a config-file key (flags and environment only):\n");
      declared.forEach((name, option) -> out.append("# ").append(name).append(" = ")
          .append(value(TomlKeys.Shape.PLAIN, values.get(name))).append('\n'));
    }
    return out.toString();
  }

  private static String line(TomlKeys.Key key, Option<?> option, Object value, Settings settings) {
    String name = key.name();
    if (secret(option.name(), value)) {
      return "# " + name + " = \"********\"  # set, not printed: give it by --" + option.name() + " or "
          + Settings.envName(option.name());
    }
    if (key.shape() == TomlKeys.Shape.RPC_IMPLEMENTATION) {
      return Boolean.TRUE.equals(value) ? name + " = \"none\"" : "# " + name + " = \"none\"  # RPC is on when host is set";
    }
    if (!option.isSetIn(settings) && !option.defaultText().equals(plainText(option.defaultValue()))) {
      return "# " + name + " = " + value(key.shape(), value) + "  # default: " + option.defaultText();
    }
    return name + " = " + value(key.shape(), value);
  }

  /** A secret-bearing option with a real value ("none" and empty say that there is none, so they are printed). */
  static boolean secret(String option, Object value) {
    if (!(value instanceof String text) || text.isEmpty() || text.equals("none")) {
      return false;
    }
    boolean named = option.equals("secret") || option.endsWith("_secret")
        || (option.endsWith("_key") && !option.startsWith("cluster_tls_"));
    return named || URL_CREDENTIALS.matcher(text).find();
  }

  /** How the README's table would state a default that is not computed. */
  private static String plainText(Object def) {
    if (def instanceof List<?> items) {
      return items.isEmpty() ? "—" : String.join(",", items.stream().map(String::valueOf).toList());
    }
    String text = String.valueOf(def);
    return text.isEmpty() ? "—" : text;
  }

  private static String value(TomlKeys.Shape shape, Object value) {
    if (value instanceof List<?> items) {
      List<String> strings = items.stream().map(String::valueOf).toList();
      if (shape == TomlKeys.Shape.COMMA_STRING) {
        return quote(String.join(",", strings));
      }
      if (shape == TomlKeys.Shape.TABLE) {
        return table(strings);
      }
      List<String> quoted = new ArrayList<>();
      strings.forEach(s -> quoted.add(quote(s)));
      return "[" + String.join(", ", quoted) + "]";
    }
    if (value instanceof Integer || value instanceof Boolean) {
      return String.valueOf(value);
    }
    return quote(String.valueOf(value));
  }

  /** {@code key:value} pairs as an inline table: {@code { env = "prod" }}. */
  private static String table(List<String> pairs) {
    List<String> entries = new ArrayList<>();
    for (String pair : pairs) {
      int colon = pair.indexOf(':') >= 0 ? pair.indexOf(':') : pair.indexOf('=');
      String key = pair.substring(0, Math.max(colon, 0));
      String shown = BARE_KEY.matcher(key).matches() ? key : quote(key);
      entries.add(shown + " = " + quote(pair.substring(colon + 1)));
    }
    return entries.isEmpty() ? "{}" : "{ " + String.join(", ", entries) + " }";
  }

  /** A TOML basic string. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
