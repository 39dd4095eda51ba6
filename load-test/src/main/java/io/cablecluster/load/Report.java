package io.cablecluster.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns result files into plots and a side-by-side markdown table (servers of one run as columns). */
final class Report {
  record Metric(String key, String label, boolean plotted) {
  }

  private Report() {
  }

  static List<Metric> metrics(String scenario) {
    return switch (scenario) {
      case "broadcast" -> List.of(new Metric("rttP50", "RTT p50 ms", true), new Metric("rttP95", "RTT p95 ms", true),
          new Metric("rttP99", "RTT p99 ms", true), new Metric("rttMax", "RTT max ms", false),
          new Metric("deliveredPct", "delivered %", false), new Metric("framesPerSec", "delivered frames/s", false),
          new Metric("rssMb", "server RSS MB", false), new Metric("cpuPct", "server CPU %", false),
          new Metric("loadAvg1m", "machine load avg", false));
      case "connect" -> List.of(new Metric("welcomed", "welcomed", false), new Metric("confirmed", "confirmed", false),
          new Metric("confirmP50", "confirm p50 ms", true), new Metric("confirmP95", "confirm p95 ms", true),
          new Metric("rssMb", "server RSS MB", false), new Metric("loadAvg1m", "machine load avg", false));
      case "idle" -> List.of(new Metric("rssMb", "server RSS MB", true), new Metric("kibPerConn", "KiB per connection", false),
          new Metric("cpuPct", "server CPU % idle", false));
      case "churn" -> List.of(new Metric("opsPerSec", "sub+unsub ops/s", true), new Metric("rejected", "rejected", false));
      default -> List.of();
    };
  }

  static String title(JsonObject result) {
    return result.getString("scenario") + (result.getString("variant", "").isEmpty() ? "" : " (" + result.getString("variant") + ")");
  }

  static String svg(List<JsonObject> results) {
    List<SvgPlot.Series> series = new ArrayList<>();
    String scenario = results.get(0).getString("scenario");
    for (JsonObject result : results) {
      JsonArray steps = result.getJsonArray("steps");
      for (Metric metric : metrics(scenario)) {
        if (!metric.plotted()) {
          continue;
        }
        double[] xs = new double[steps.size()];
        double[] ys = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
          xs[i] = steps.getJsonObject(i).getDouble("clients");
          Number v = (Number) steps.getJsonObject(i).getValue(metric.key());
          ys[i] = v == null ? 0 : v.doubleValue();
        }
        series.add(new SvgPlot.Series(result.getString("server") + " " + metric.label(), xs, ys));
      }
    }
    String yLabel = switch (scenario) {
      case "broadcast" -> "broadcast RTT ms";
      case "connect" -> "time to confirm ms";
      case "idle" -> "server RSS MB";
      default -> "operations/s";
    };
    return SvgPlot.chart(title(results.get(0)), "clients", yLabel, series);
  }

  /** One table per scenario+variant: a column per server, and the ratio first/second when there are two. */
  static String markdown(List<JsonObject> results) {
    Map<String, List<JsonObject>> groups = new LinkedHashMap<>();
    results.forEach(r -> groups.computeIfAbsent(title(r), k -> new ArrayList<>()).add(r));
    StringBuilder md = new StringBuilder();
    groups.forEach((title, group) -> {
      md.append("\n### ").append(title).append("\n\n| clients | metric |");
      group.forEach(r -> md.append(' ').append(r.getString("server")).append(" |"));
      boolean ratio = group.size() >= 2;
      if (ratio) {
        md.append(" ratio (").append(group.get(0).getString("server")).append(" / ")
            .append(group.get(1).getString("server")).append(") |");
      }
      md.append("\n|---|---|").append("---|".repeat(group.size() + (ratio ? 1 : 0))).append('\n');
      JsonArray first = group.get(0).getJsonArray("steps");
      for (int i = 0; i < first.size(); i++) {
        long clients = first.getJsonObject(i).getLong("clients");
        for (Metric metric : metrics(group.get(0).getString("scenario"))) {
          md.append("| ").append(clients).append(" | ").append(metric.label()).append(" |");
          List<Double> values = new ArrayList<>();
          for (JsonObject r : group) {
            JsonObject step = stepFor(r, clients);
            Number v = step == null ? null : (Number) step.getValue(metric.key());
            values.add(v == null ? null : v.doubleValue());
            md.append(' ').append(v == null ? "–" : SvgPlot.fmt(v.doubleValue())).append(" |");
          }
          if (ratio) {
            Double a = values.get(0);
            Double b = values.get(1);
            md.append(' ').append(a == null || b == null || b == 0 ? "–" : String.format(Locale.ROOT, "%.3g", a / b)).append(" |");
          }
          md.append('\n');
        }
      }
      group.forEach(r -> {
        if (r.containsKey("rssSlopeKibPerConn")) {
          md.append("\n").append(r.getString("server")).append(": RSS slope ")
              .append(r.getDouble("rssSlopeKibPerConn")).append(" KiB per idle connection, baseline RSS ")
              .append(r.getJsonObject("baseline").getDouble("rssMb")).append(" MB.\n");
        }
      });
    });
    return md.toString();
  }

  private static JsonObject stepFor(JsonObject result, long clients) {
    for (Object o : result.getJsonArray("steps")) {
      JsonObject step = (JsonObject) o;
      if (step.getLong("clients") == clients) {
        return step;
      }
    }
    return null;
  }
}
