package io.cablecluster.cluster;

import com.hazelcast.core.HazelcastInstance;
import io.cablecluster.cluster.streams.HazelcastPresenceStore;
import io.cablecluster.cluster.streams.HazelcastSessionVault;
import io.cablecluster.cluster.streams.HazelcastStreamLog;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.StateStores;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.presence.NoPresenceStore;
import io.cablecluster.core.presence.PresenceConfig;
import io.cablecluster.core.sessions.SessionsConfig;
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

  static StateStores stores(Vertx vertx, Settings settings) {
    HazelcastClusterManager manager = (HazelcastClusterManager) ((VertxInternal) vertx).clusterManager();
    HazelcastInstance hazelcast = manager.getHazelcastInstance();
    StreamLogConfig streams = StreamLogConfig.from(settings);
    HazelcastSessionVault sessions = new HazelcastSessionVault(vertx, hazelcast, SessionsConfig.from(settings));
    if (!streams.enabled()) {
      return new StateStores(NodeContext.standaloneLog(vertx, streams), sessions, NoPresenceStore.INSTANCE);
    }
    return new StateStores(new HazelcastStreamLog(vertx, hazelcast, streams, manager.getNodeId()), sessions,
        new HazelcastPresenceStore(vertx, hazelcast, PresenceConfig.from(settings)));
  }
}
