package io.cablecluster.cluster;

import io.cablecluster.cluster.streams.HazelcastStreamLog;
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
    HazelcastClusterManager manager = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
    return new HazelcastStreamLog(vertx, manager.getHazelcastInstance(), streams);
  }
}
