package io.cablecluster.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line flags ({@code --name=value} or {@code --name value}) with the tool's defaults. */
public final class LoadOptions {
  private final Map<String, String> values = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  public static LoadOptions parse(String... args) {
    LoadOptions o = new LoadOptions();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        o.positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      int eq = name.indexOf('=');
      if (eq >= 0) {
        o.values.put(name.substring(0, eq), name.substring(eq + 1));
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        o.values.put(name, args[++i]);
      } else {
        o.values.put(name, "true");
      }
    }
    return o;
  }

  public LoadOptions with(String name, String value) {
    values.put(name, value);
    return this;
  }

  public String string(String name, String def) {
    return values.getOrDefault(name, def);
  }

  public int integer(String name, int def) {
    return Integer.parseInt(string(name, Integer.toString(def)));
  }

  public double number(String name, double def) {
    return Double.parseDouble(string(name, Double.toString(def)));
  }

  public List<Integer> steps(String def) {
    List<Integer> steps = new ArrayList<>();
    for (String s : string("steps", def).split(",")) {
      if (!s.isBlank()) {
        steps.add(Integer.parseInt(s.trim()));
      }
    }
    return steps;
  }

  public List<String> positional() {
    return positional;
  }

  public Map<String, String> all() {
    return values;
  }

  public ClientSpec clientSpec() {
    String protocol = string("protocol", "cable");
    return ClientSpec.of(protocol, string("url", "ws://127.0.0.1:8080/cable"),
        string("identifier", ClientSpec.PUBSUB_IDENTIFIER), integer("streams", 1),
        string("stream-prefix", "bench-"), integer("per-source", 25_000));
  }
}
