package io.cablecluster.rpc;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Bounds RPC calls in flight ({@code rpc_concurrency}) with a bounded FIFO of waiting calls: a call that
 * finds the queue full fails at once (503) instead of growing memory, and a waiting call whose deadline
 * passes fails with 504. Used from one event loop; the counts are volatile only so gauges can read them.
 */
final class CallLimiter {
  private final Vertx vertx;
  private final int maxInFlight;
  private final int maxWaiting;
  private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
  private volatile int inFlight;
  private volatile int waitingCount;

  private static final class Waiter {
    final Promise<Void> promise = Promise.promise();
    long timerId = -1;
  }

  CallLimiter(Vertx vertx, int maxInFlight, int maxWaiting) {
    this.vertx = vertx;
    this.maxInFlight = maxInFlight;
    this.maxWaiting = maxWaiting;
  }

  /** Completes when the call may start; the caller must {@link #release()} exactly once after that. */
  Future<Void> acquire(long deadlineNanos) {
    if (inFlight < maxInFlight) {
      inFlight++;
      return Future.succeededFuture();
    }
    if (waiting.size() >= maxWaiting) {
      return Future.failedFuture(RpcException.of(RpcException.UNAVAILABLE,
          "too many RPC calls pending (" + maxInFlight + " in flight, " + maxWaiting + " waiting)"));
    }
    Waiter waiter = new Waiter();
    long waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    waiter.timerId = vertx.setTimer(waitMillis, id -> {
      if (waiting.remove(waiter)) {
        waitingCount = waiting.size();
        waiter.promise.fail(RpcException.of(RpcException.DEADLINE_EXCEEDED,
            "RPC call waited " + waitMillis + " ms for a free slot"));
      }
    });
    waiting.add(waiter);
    waitingCount = waiting.size();
    return waiter.promise.future();
  }

  void release() {
    Waiter next = waiting.poll();
    waitingCount = waiting.size();
    if (next == null) {
      inFlight--;
      return;
    }
    vertx.cancelTimer(next.timerId);
    next.promise.complete();
  }

  int inFlight() {
    return inFlight;
  }

  int waiting() {
    return waitingCount;
  }
}
