package io.cablecluster.node.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** Reading deployment files the way their tools would: YAML documents, compose interpolation, k8s env. */
final class Manifests {
  private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::?([-?])([^}]*))?}");

  private Manifests() {
  }

  static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("docker-compose.yml not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> documents(Path file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file)) {
      for (Object doc : new Yaml().loadAll(reader)) {
        if (doc != null) {
          docs.add((Map<String, Object>) doc);
        }
      }
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  static <T> T at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (current instanceof Map<?, ?> map) {
        current = map.get(key);
      } else if (current instanceof List<?> list) {
        current = list.get(Integer.parseInt(key));
      } else {
        return null;
      }
    }
    return (T) current;
  }

  /** Compose's ${VAR:-default} and ${VAR:?error}; required variables get the given stand-in. */
  static String interpolate(String value, Map<String, String> required) {
    Matcher matcher = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String replacement;
      if ("?".equals(matcher.group(2))) {
        replacement = required.get(name);
        if (replacement == null) {
          throw new AssertionError("compose requires " + name + " but the test gave no stand-in");
        }
      } else {
        replacement = matcher.group(3) == null ? "" : matcher.group(3);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** A compose service's environment (map form), interpolated, as the process would see it. */
  static Map<String, String> composeEnvironment(Map<String, Object> service, Map<String, String> required) {
    Map<String, Object> raw = at(service, "environment");
    Map<String, String> env = new LinkedHashMap<>();
    raw.forEach((k, v) -> env.put(k, interpolate(String.valueOf(v), required)));
    return env;
  }

  /** A k8s container's literal env values; valueFrom entries get the given stand-ins. */
  static Map<String, String> containerEnvironment(Map<String, Object> container, Map<String, String> fromRefs) {
    List<Map<String, Object>> entries = at(container, "env");
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> entry : entries) {
      String name = (String) entry.get("name");
      if (entry.containsKey("value")) {
        env.put(name, String.valueOf(entry.get("value")));
      } else if (fromRefs.containsKey(name)) {
        env.put(name, fromRefs.get(name));
      }
    }
    return env;
  }

  /** Compose durations like "40s", "1m30s". */
  static int seconds(String duration) {
    Matcher part = Pattern.compile("(\\d+)([hms])").matcher(duration);
    int total = 0;
    while (part.find()) {
      int n = Integer.parseInt(part.group(1));
      total += switch (part.group(2)) {
        case "h" -> n * 3600;
        case "m" -> n * 60;
        default -> n;
      };
    }
    return total;
  }
}
