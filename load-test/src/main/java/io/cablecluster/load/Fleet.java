package io.cablecluster.load;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletableFuture;

/**
 * A group of clients living in one process, driven by JSON commands so the same commands work in this
 * JVM ({@link LocalFleet}) and in a child process ({@link RemoteFleet}); a process stays under the fd limit.
 *
 * <p>Commands ({@code op}): {@code connect} (first, count, serial, timeoutMs, concurrency, subscribe),
 * {@code reset}, {@code stats}, {@code churn} (ms), {@code closeAll}, {@code exit}.
 */
public interface Fleet extends AutoCloseable {
  CompletableFuture<JsonObject> call(JsonObject command);

  @Override
  void close();
}
