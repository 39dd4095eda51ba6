package io.cablecluster.core;

import io.cablecluster.core.http.HttpEndpoints;
import io.vertx.core.Future;
import io.cablecluster.core.health.ReadinessCheck;
import java.util.List;
import java.util.Set;

/**
 * One of the node's roles (gateway, broadcaster, rpc-bridge). The node starts every enabled role, then
 * opens its HTTP servers and lets each role mount its endpoints on them; on shutdown it drains the roles
 * in reverse order before closing Vert.x.
 */
public interface Role {

  String name();

  /** Deploys the role's verticles; completes when the role can serve. */
  Future<Void> start();

  /** Ports besides the node's main port that this role needs an HTTP server on. */
  default Set<Integer> extraPorts() {
    return Set.of();
  }

  /** Adds routes and WebSocket paths to one HTTP server instance; runs on that instance's event loop. */
  default void mount(HttpEndpoints endpoints) {
  }

  /** Graceful shutdown: say goodbye to clients and finish in-flight work, within the node's drain timeout. */
  default Future<Void> drain() {
    return Future.succeededFuture();
  }

  /**
   * What this role adds to the node's readiness ({@code readiness_path}): conditions without which this node
   * should get no traffic (e.g. the Redis an ingest-only node reads). Liveness ({@link #healthy()}) is apart.
   */
  default List<ReadinessCheck> readinessChecks() {
    return List.of();
  }

  /** Liveness: whether the role still works at all. A dependency that is down (Redis) is a readiness check. */
  default boolean healthy() {
    return true;
  }
}
