package io.cablecluster.gateway.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.opentest4j.AssertionFailedError;

/**
 * Blocking waits for the test thread (never an event loop): futures, queued events, and actions that must
 * run on a connection's event loop. Every wait is bounded so a missing event fails the test instead of
 * hanging it.
 */
public final class Await {
  public static final long SECONDS = 5;

  private Await() {
  }

  /** The future's result; its failure is rethrown as is (assertion errors from the event loop included). */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionFailedError("future did not complete within " + SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionFailedError("interrupted");
    }
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionFailedError("future did not complete within " + SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionFailedError("interrupted");
    }
    throw new AssertionFailedError("future succeeded but was expected to fail");
  }

  /** Runs an action on the context and waits for its value (the code under test expects its event loop). */
  public static <T> T on(Context context, Callable<T> action) {
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> {
      try {
        promise.complete(action.call());
      } catch (Throwable e) {
        promise.fail(e);
      }
    });
    return result(promise.future());
  }

  public static void run(Context context, Runnable action) {
    on(context, () -> {
      action.run();
      return null;
    });
  }

  /** The next element of an event queue filled by a fake. */
  public static <T> T next(BlockingQueue<T> queue) {
    try {
      T value = queue.poll(SECONDS, TimeUnit.SECONDS);
      if (value == null) {
        throw new AssertionFailedError("nothing arrived within " + SECONDS + " s");
      }
      return value;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionFailedError("interrupted");
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof Error error) {
      throw error;
    }
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    return new IllegalStateException(cause);
  }
}
