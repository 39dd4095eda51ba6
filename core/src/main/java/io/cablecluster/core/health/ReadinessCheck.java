package io.cablecluster.core.health;

import io.vertx.core.Future;

/**
 * One condition of the node's readiness ({@code readiness_path}): roles and the cluster bootstrap contribute
 * these, the HTTP front only asks them. A check must be cheap and must not block the event loop (blocking
 * look-ups go to a worker); a check that takes longer than {@link Readiness#CHECK_TIMEOUT_MS} counts as down.
 */
public interface ReadinessCheck {

  /** The key in the readiness body, e.g. {@code cluster}, {@code redis}. */
  String name();

  /** The check's state now: ready or not, with a short word or reason for the body. */
  Future<Result> check();

  /** {@code detail} is what the body shows under {@link #name()}: "ok", "no", or "down: why". */
  record Result(boolean ready, String detail) {
    public static Result ok(String detail) {
      return new Result(true, detail);
    }

    public static Result down(String reason) {
      return new Result(false, "down: " + reason);
    }
  }

  /** A check from a cheap, thread-safe condition. */
  static ReadinessCheck of(String name, java.util.function.Supplier<Result> state) {
    return new ReadinessCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Future<Result> check() {
        return Future.succeededFuture(state.get());
      }
    };
  }
}
