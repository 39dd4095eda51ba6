package io.cablecluster.testkit;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Blocking waits for test threads (never call these on an event loop: use vertx-junit5 there). Futures are
 * awaited directly; {@link #until} polls and is meant only for states that publish no event a test could
 * await (another process's log, a Redis server's client list, a metric).
 */
public final class Await {
  /** Long enough for a node start on a loaded two-core machine, short enough to fail a stuck test. */
  public static final Duration DEFAULT = Duration.ofSeconds(20);
  private static final long POLL_MILLIS = 20;

  private Await() {
  }

  public static <T> T result(Future<T> future) {
    return result(future, DEFAULT);
  }

  public static <T> T result(Future<T> future, Duration timeout) {
    return result(future.toCompletionStage(), timeout);
  }

  /** The value, or an AssertionError naming the failure or the timeout. */
  public static <T> T result(CompletionStage<T> stage, Duration timeout) {
    try {
      return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no result within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The cause a future failed with; an AssertionError if it succeeded or did not complete in time. */
  public static Throwable failure(Future<?> future, Duration timeout) {
    try {
      future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("not completed within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    throw new AssertionError("expected a failure, got success");
  }

  /** Polls {@code condition} until it holds; fails with {@code what} after {@code timeout}. */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, Duration.ofMillis(POLL_MILLIS), condition);
  }

  /** As {@link #until(String, Duration, BooleanSupplier)}, polling every {@code interval} (costly probes). */
  public static void until(String what, Duration timeout, Duration interval, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      pause(interval.toMillis());
    }
  }

  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT, condition);
  }

  private static void pause(long millis) {
    try {
      // The polling interval of until(): only states without an event to await come here.
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
