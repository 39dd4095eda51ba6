package io.cablecluster.core.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values a config file gives, by option name, as the TOML parser typed them ({@link String}, {@link Long},
 * {@link Boolean}, {@link Double}, a {@link List} of those), each with the file key it came from so that an
 * error can name it. {@link Settings} reads this layer after flags and environment.
 *
 * @param path    the file as the operator named it (or as found), null for {@link #NONE}
 * @param values  option name to value
 * @param ignored the keys of the file that set no option of this node (reported once at start)
 */
public record FileLayer(String path, Map<String, Value> values, List<String> ignored) {
  /** No config file. */
  public static final FileLayer NONE = new FileLayer(null, Map.of(), List.of());

  public FileLayer {
    values = Map.copyOf(values);
    ignored = List.copyOf(ignored);
  }

  /**
   * One value: the TOML key it was read from ({@code server.port}) and the parsed value.
   */
  public record Value(String key, Object value) {
    /** The value as a flag would spell it: lists comma-joined, booleans true/false. */
    public String text() {
      if (value instanceof List<?> items) {
        return items.stream().map(String::valueOf).collect(Collectors.joining(","));
      }
      return String.valueOf(value);
    }

    /** The TOML type, for messages. */
    public String typeName() {
      if (value instanceof String) {
        return "the string";
      }
      if (value instanceof Long) {
        return "the integer";
      }
      if (value instanceof Boolean) {
        return "the boolean";
      }
      if (value instanceof Double) {
        return "the float";
      }
      if (value instanceof List<?>) {
        return "the array";
      }
      return "the table";
    }
  }

  public boolean present() {
    return path != null;
  }

  public Value get(String option) {
    return values.get(option);
  }

  /** "config file ./anycable.toml, key [server] port", as errors name a value's origin. */
  public String describe(Value value) {
    String key = value.key();
    int dot = key.indexOf('.');
    String shown = dot < 0 ? key : "[" + key.substring(0, dot) + "] " + key.substring(dot + 1);
    return "config file " + path + ", key " + shown;
  }
}
