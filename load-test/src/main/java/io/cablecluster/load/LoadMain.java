package io.cablecluster.load;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point. {@code run} (default): one scenario against one server, JSON result + SVG plot.
 * {@code compare}: result files of one run to a markdown table and one plot per scenario.
 * Flags are listed in bench/README.md.
 */
public final class LoadMain {
  private LoadMain() {
  }

  public static void main(String[] args) throws Exception {
    int status;
    if (args.length > 0 && args[0].equals("compare")) {
      status = compare(LoadOptions.parse(java.util.Arrays.copyOfRange(args, 1, args.length)));
    } else {
      JsonObject result = run(LoadOptions.parse(args));
      status = result.getJsonArray("steps").isEmpty() ? 1 : 0;
    }
    System.exit(status);
  }

  /** Runs the scenario named by {@code --scenario}; writes {@code --out} and {@code --svg} when given. */
  public static JsonObject run(LoadOptions o) throws IOException {
    String scenario = o.string("scenario", "broadcast");
    ClientSpec spec = o.clientSpec();
    Vertx vertx = Vertx.vertx();
    ServerProcess server = ServerProcess.of(o.string("server-pid", "0"));
    JsonObject result = new JsonObject()
        .put("scenario", scenario)
        .put("server", o.string("server-label", "server"))
        .put("variant", o.string("variant", ""))
        .put("startedAt", Instant.now().toString())
        .put("machine", machine())
        .put("options", new JsonObject(new LinkedHashMap<>(o.all())));
    try (Fleets fleets = new Fleets(vertx, spec, o.integer("per-process", 18_000), o.string("worker-heap", "1g"))) {
      RunContext ctx = new RunContext(o, vertx, spec, fleets, server);
      switch (scenario) {
        case "broadcast" -> result.put("steps", BroadcastScenario.run(ctx));
        case "connect" -> result.put("steps", ConnectScenario.run(ctx));
        case "churn" -> result.put("steps", ChurnScenario.run(ctx));
        case "idle" -> result.mergeIn(IdleScenario.run(ctx));
        default -> throw new IllegalArgumentException("unknown scenario " + scenario
            + " (broadcast, connect, idle, churn)");
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    result.put("finishedAt", Instant.now().toString());
    String out = o.string("out", "");
    if (!out.isEmpty()) {
      write(Path.of(out), result.encodePrettily());
    }
    String svg = o.string("svg", "");
    if (!svg.isEmpty()) {
      write(Path.of(svg), Report.svg(List.of(result)));
    }
    return result;
  }

  private static int compare(LoadOptions o) throws IOException {
    List<JsonObject> results = new ArrayList<>();
    for (String file : o.positional()) {
      results.add(new JsonObject(Files.readString(Path.of(file))));
    }
    if (results.isEmpty()) {
      System.err.println("compare: no result files given");
      return 2;
    }
    String md = Report.markdown(results);
    String mdOut = o.string("md", "");
    if (mdOut.isEmpty()) {
      System.out.print(md);
    } else {
      write(Path.of(mdOut), md);
    }
    String svgDir = o.string("svg-dir", "");
    if (!svgDir.isEmpty()) {
      Map<String, List<JsonObject>> groups = new LinkedHashMap<>();
      results.forEach(r -> groups.computeIfAbsent(Report.title(r), k -> new ArrayList<>()).add(r));
      for (var e : groups.entrySet()) {
        String name = e.getKey().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("-+$", "") + ".svg";
        write(Path.of(svgDir, name), Report.svg(e.getValue()));
      }
    }
    return 0;
  }

  static JsonObject machine() {
    JsonObject m = new JsonObject()
        .put("cores", Runtime.getRuntime().availableProcessors())
        .put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
        .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          m.put("memoryMb", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
          break;
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // not Linux: leave the fields out
    }
    return m;
  }

  private static void write(Path path, String content) throws IOException {
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    Files.writeString(path, content);
  }

  static JsonArray steps(JsonObject result) {
    return result.getJsonArray("steps", new JsonArray());
  }
}
