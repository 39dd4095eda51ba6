package io.cablecluster.core.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ReadinessTest {

  private static Readiness.Report report(Readiness readiness) throws Exception {
    return readiness.report().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("Verifies that the node is ready only when every check is, and that the body names each check")
  void readyOnlyWhenEveryCheckIs() throws Exception {
    Readiness.Report ready = report(new Readiness(List.of(
        ReadinessCheck.of("cluster", () -> ReadinessCheck.Result.ok("ok")),
        ReadinessCheck.of("draining", () -> ReadinessCheck.Result.ok("no")))));
    assertTrue(ready.ready());
    assertEquals(new JsonObject().put("ready", true).put("checks", new JsonObject().put("cluster", "ok")
        .put("draining", "no")), ready.body());

    Readiness.Report down = report(new Readiness(List.of(
        ReadinessCheck.of("cluster", () -> ReadinessCheck.Result.ok("ok")),
        ReadinessCheck.of("redis", () -> ReadinessCheck.Result.down("connection refused")))));
    assertFalse(down.ready());
    assertEquals("down: connection refused", down.body().getJsonObject("checks").getString("redis"));
  }

  @Test
  @DisplayName("Verifies that a check that throws, fails or never answers is reported down instead of failing the probe")
  void brokenChecksAreDown() throws Exception {
    ReadinessCheck throwing = ReadinessCheck.of("throwing", () -> {
      throw new IllegalStateException("boom");
    });
    ReadinessCheck silent = new ReadinessCheck() {
      @Override
      public String name() {
        return "silent";
      }

      @Override
      public Future<Result> check() {
        return Promise.<Result>promise().future();
      }
    };
    long started = System.nanoTime();
    Readiness.Report report = report(new Readiness(List.of(throwing, silent)));
    assertFalse(report.ready());
    assertEquals("down: boom", report.body().getJsonObject("checks").getString("throwing"));
    assertTrue(report.body().getJsonObject("checks").getString("silent").startsWith("down: "));
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < Readiness.CHECK_TIMEOUT_MS + 2000);
  }
}
