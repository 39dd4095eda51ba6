package io.cablecluster.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Each client subscribes to a fresh stream, unsubscribes on confirmation, repeats; reports ops/s. */
final class ChurnScenario {
  private ChurnScenario() {
  }

  static JsonArray run(RunContext ctx) {
    JsonArray steps = new JsonArray();
    for (int target : ctx.options().steps("100")) {
      int missing = target - ctx.fleets().clients();
      if (missing > 0) {
        ctx.fleets().connect(missing, ctx.connectTimeoutMs(), ctx.setupConcurrency(), false);
      }
      double cpuBefore = ctx.server().cpuSeconds();
      Progress.line("churn", target + " clients churning for " + ctx.stepMs() + " ms");
      JsonObject answer = ctx.fleets().churn(ctx.stepMs());
      long ops = answer.getLong("ops");
      JsonObject step = new JsonObject().put("clients", target).put("ops", ops)
          .put("opsPerSec", Math.round(ops * 1000.0 / ctx.stepMs()))
          .put("rejected", answer.getLong("rejected"));
      ctx.serverFigures(step, cpuBefore, ctx.stepMs());
      Progress.line("churn", "step " + step.encode());
      steps.add(step);
      Progress.sleep(1000);
    }
    ctx.fleets().closeAll();
    return steps;
  }
}
