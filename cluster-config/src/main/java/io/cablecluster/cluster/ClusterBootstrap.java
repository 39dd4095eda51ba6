package io.cablecluster.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

/**
 * Creates the node's Vert.x: a plain one for the {@code none} profile (Hazelcast classes are never loaded),
 * a Hazelcast-clustered one otherwise.
 */
public final class ClusterBootstrap {
  private ClusterBootstrap() {
  }

  public static Future<Vertx> start(ClusterConfig config, VertxOptions options) {
    if (!config.clustered()) {
      return Future.succeededFuture(Vertx.vertx(options));
    }
    return HazelcastProfiles.clusteredVertx(config, options);
  }
}
