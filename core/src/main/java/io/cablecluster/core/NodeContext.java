package io.cablecluster.core;

import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.presence.MemoryPresenceStore;
import io.cablecluster.core.presence.NoPresenceStore;
import io.cablecluster.core.presence.PresenceConfig;
import io.cablecluster.core.presence.PresenceStore;
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
 * options from them once), the node-wide and shared options the launcher parsed, metrics, and the state
 * stores: the stream log every ingress appends to, restorable sessions, presence.
 */
public record NodeContext(Vertx vertx, Settings settings, NodeConfig node, SharedOptions shared,
                          CableMetrics metrics, StateStores stores) {

  /**
   * A single node's context: the stream log is this node's memory (with {@code --broker=memory}) or none,
   * and sessions are kept in this node's memory.
   */
  public NodeContext(Vertx vertx, Settings settings, NodeConfig node, SharedOptions shared, CableMetrics metrics) {
    this(vertx, settings, node, shared, metrics, standaloneStores(vertx, settings));
  }

  /** This node's memory with {@code --broker=memory}, else no numbering, history or presence. */
  public static StateStores standaloneStores(Vertx vertx, Settings settings) {
    StreamLogConfig streams = StreamLogConfig.from(settings);
    return new StateStores(standaloneLog(vertx, streams), new MemorySessionVault(vertx, SessionsConfig.from(settings)),
        streams.enabled() ? new MemoryPresenceStore(vertx, PresenceConfig.from(settings)) : NoPresenceStore.INSTANCE);
  }

  public StreamLog streams() {
    return stores.streams();
  }

  public SessionVault sessions() {
    return stores.sessions();
  }

  public PresenceStore presence() {
    return stores.presence();
  }

  /** Parses the shared options from {@code settings}: for tests and tools that build a context by hand. */
  public NodeContext(Vertx vertx, Settings settings, NodeConfig node, CableMetrics metrics) {
    this(vertx, settings, node, SharedOptions.from(settings), metrics);
  }

  public static StreamLog standaloneLog(Vertx vertx, StreamLogConfig config) {
    return config.enabled() ? new MemoryStreamLog(vertx, config) : NoStreamLog.INSTANCE;
  }
}
