package io.cablecluster.load;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/** What every scenario works with. */
record RunContext(LoadOptions options, Vertx vertx, ClientSpec spec, Fleets fleets, ServerProcess server) {

  long stepMs() {
    return (long) (options.number("step-seconds", 10) * 1000);
  }

  long connectTimeoutMs() {
    return (long) (options.number("timeout-seconds", 60) * 1000);
  }

  int setupConcurrency() {
    return options.integer("connect-concurrency", 500);
  }

  /** Adds server RSS (MB) and CPU share since {@code cpuBefore} over {@code wallMs} to a step. */
  void serverFigures(JsonObject step, double cpuBefore, long wallMs) {
    step.put("loadAvg1m", ServerProcess.loadAverage());
    long rss = server.rssKib();
    if (rss >= 0) {
      step.put("rssMb", round(rss / 1024.0, 1));
    }
    double cpu = server.cpuSeconds();
    if (cpu >= 0 && cpuBefore >= 0 && wallMs > 0) {
      step.put("cpuPct", round((cpu - cpuBefore) * 100_000.0 / wallMs, 1));
    }
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }
}
