package io.cablecluster.core;

import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.vertx.core.Vertx;

/**
 * What every role gets from the node: its Vert.x (clustered or not), raw settings (each role reads its own
 * options from them once), the node-wide and shared options the launcher parsed, and metrics.
 */
public record NodeContext(Vertx vertx, Settings settings, NodeConfig node, SharedOptions shared,
                          CableMetrics metrics) {

  /** Parses the shared options from {@code settings}: for tests and tools that build a context by hand. */
  public NodeContext(Vertx vertx, Settings settings, NodeConfig node, CableMetrics metrics) {
    this(vertx, settings, node, SharedOptions.from(settings), metrics);
  }
}
