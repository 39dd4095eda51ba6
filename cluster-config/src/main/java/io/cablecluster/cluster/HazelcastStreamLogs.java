package io.cablecluster.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.cablecluster.cluster.streams.HazelcastSessionVault;
import io.cablecluster.cluster.streams.HazelcastStreamLog;
import io.cablecluster.core.sessions.SessionVault;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * The one place that reaches into Vert.x for its Hazelcast instance (an internal API); kept apart from
 * {@link ClusterBootstrap} so a standalone node never loads a Hazelcast class.
 */
final class HazelcastStreamLogs {
  private HazelcastStreamLogs() {
  }

  static StreamLog create(Vertx vertx, StreamLogConfig streams) {
    return new HazelcastStreamLog(vertx, hazelcast(vertx), streams,
        ((VertxInternal) vertx).clusterManager().getNodeId());
  }

  static SessionVault sessions(Vertx vertx, SessionsConfig sessions) {
    return new HazelcastSessionVault(vertx, hazelcast(vertx), sessions);
  }

  private static HazelcastInstance hazelcast(Vertx vertx) {
    return ((HazelcastClusterManager) ((VertxInternal) vertx).clusterManager()).getHazelcastInstance();
  }
}
