package io.cablecluster.core;

import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.vertx.core.Vertx;

/** What every role gets from the node: its Vert.x (clustered or not), raw settings and metrics. */
public record NodeContext(Vertx vertx, Settings settings, NodeConfig node, CableMetrics metrics) {
}
