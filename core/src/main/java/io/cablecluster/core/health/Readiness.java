package io.cablecluster.core.health;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The node's readiness: every {@link ReadinessCheck} asked at once, the node ready only when all are. The
 * answer names each check, e.g. {@code {"ready":false,"checks":{"cluster":"ok","draining":"no","redis":"down: …"}}}.
 * Liveness ({@code health_path}) stays a separate, cheaper question: a node that is alive but not ready is
 * taken out of the load balancer, not restarted.
 */
public final class Readiness {
  /** A check slower than this is reported down: a probe must get an answer well within its own timeout. */
  public static final long CHECK_TIMEOUT_MS = 2_000;
  private final List<ReadinessCheck> checks;

  public Readiness(List<ReadinessCheck> checks) {
    this.checks = List.copyOf(checks);
  }

  public record Report(boolean ready, JsonObject body) {
  }

  /** Asks every check; never fails (a failed or late check is a "down" entry). */
  public Future<Report> report() {
    List<Future<ReadinessCheck.Result>> results = new ArrayList<>();
    for (ReadinessCheck check : checks) {
      Future<ReadinessCheck.Result> result;
      try {
        result = check.check();
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      results.add(result.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
          .recover(e -> Future.succeededFuture(ReadinessCheck.Result.down(String.valueOf(e.getMessage())))));
    }
    return Future.join(results).transform(ignored -> {
      JsonObject named = new JsonObject();
      boolean ready = true;
      for (int i = 0; i < checks.size(); i++) {
        ReadinessCheck.Result result = results.get(i).result();
        named.put(checks.get(i).name(), result.detail());
        ready &= result.ready();
      }
      return Future.succeededFuture(new Report(ready, new JsonObject().put("ready", ready).put("checks", named)));
    });
  }
}
