package io.cablecluster.core;

import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.sessions.MemorySessionVault;
import io.cablecluster.core.sessions.SessionVault;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.MemoryStreamLog;
import io.cablecluster.core.streams.NoStreamLog;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.vertx.core.Vertx;

/**
 * What every role gets from the node: its Vert.x (clustered or not), raw settings (each role reads its own
 * options from them once), the node-wide and shared options the launcher parsed, metrics, the stream log
 * every ingress appends to and every gateway reads history from, and the vault of restorable sessions.
 */
public record NodeContext(Vertx vertx, Settings settings, NodeConfig node, SharedOptions shared,
                          CableMetrics metrics, StreamLog streams, SessionVault sessions) {

  /**
   * A single node's context: the stream log is this node's memory (with {@code --broker=memory}) or none,
   * and sessions are kept in this node's memory.
   */
  public NodeContext(Vertx vertx, Settings settings, NodeConfig node, SharedOptions shared, CableMetrics metrics) {
    this(vertx, settings, node, shared, metrics, standaloneLog(vertx, StreamLogConfig.from(settings)),
        new MemorySessionVault(vertx, SessionsConfig.from(settings)));
  }

  /** Parses the shared options from {@code settings}: for tests and tools that build a context by hand. */
  public NodeContext(Vertx vertx, Settings settings, NodeConfig node, CableMetrics metrics) {
    this(vertx, settings, node, SharedOptions.from(settings), metrics);
  }

  public static StreamLog standaloneLog(Vertx vertx, StreamLogConfig config) {
    return config.enabled() ? new MemoryStreamLog(vertx, config) : NoStreamLog.INSTANCE;
  }
}
