package io.cablecluster.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Avalanche: N clients connect and subscribe at the same moment; counts welcomes and confirmations. */
final class ConnectScenario {
  private ConnectScenario() {
  }

  static JsonArray run(RunContext ctx) {
    JsonArray steps = new JsonArray();
    long pauseMs = (long) (ctx.options().number("pause-seconds", 3) * 1000);
    warmUp(ctx, pauseMs);
    for (int target : ctx.options().steps("1000")) {
      Progress.line("connect", "avalanche of " + target + " connect+subscribe");
      double cpuBefore = ctx.server().cpuSeconds();
      long start = System.nanoTime();
      JsonObject answer = ctx.fleets().connect(target, ctx.connectTimeoutMs(), 0, true);
      long wallMs = Math.max(1, (System.nanoTime() - start) / 1_000_000);
      Histogram confirm = Histogram.fromJson(answer.getJsonObject("confirmTimes"));
      JsonObject step = new JsonObject()
          .put("clients", target)
          .put("processes", ctx.fleets().processes())
          .put("welcomed", answer.getLong("welcomed"))
          .put("confirmed", answer.getLong("confirmed"))
          .put("rejected", answer.getLong("rejected"))
          .put("failed", answer.getLong("failed"))
          .put("closed", answer.getLong("closed"))
          .put("timedOut", answer.getLong("timedOut"))
          .put("confirmP50", confirm.summaryMillis().getDouble("p50"))
          .put("confirmP95", confirm.summaryMillis().getDouble("p95"))
          .put("confirmMax", confirm.summaryMillis().getDouble("max"))
          .put("wallMs", wallMs)
          .put("failures", answer.getJsonObject("failures"));
      ctx.serverFigures(step, cpuBefore, wallMs);
      Progress.line("connect", "step " + step.encode());
      steps.add(step);
      ctx.fleets().closeAll();
      Progress.sleep(pauseMs);
    }
    return steps;
  }

  /** A few connections first so the avalanche does not also measure class loading and JIT of this JVM. */
  private static void warmUp(RunContext ctx, long pauseMs) {
    int size = ctx.options().integer("warmup-clients", 1000);
    for (int round = 0; round < 3 && size > 0; round++) {
      ctx.fleets().connect(size, ctx.connectTimeoutMs(), 0, true);
      ctx.fleets().closeAll();
    }
    Progress.sleep(Math.min(pauseMs, 1000));
  }
}
