package io.cablecluster.core;

/**
 * Every event-bus address the node uses, in one place.
 *
 * <p>Broadcasts travel on one clustered address that every gateway node consumes once; inside a node they
 * are re-published, local-only, to one address per stream. Subscribing therefore never touches the cluster
 * map (see shared/design/EVENT-BUS.md for the measurements behind this).
 */
public final class Addresses {
  private Addresses() {
  }

  /** Cluster-wide: broadcasts and remote commands, body = {@link Broadcast} JSON text. Publish only. */
  public static final String BROADCAST = "cable.broadcast";

  /** Node-local prefix of per-stream addresses; body = a decoded {@link Broadcast}. */
  public static final String STREAM_PREFIX = "cable.stream.";

  /** Request/reply to the rpc-bridge; body = AnyCable HTTP RPC request JSON, reply = its response JSON. */
  public static final String RPC_CONNECT = "cable.rpc.connect";
  public static final String RPC_COMMAND = "cable.rpc.command";
  public static final String RPC_DISCONNECT = "cable.rpc.disconnect";

  /** Cluster-wide: the plain-WebSocket event service's events ({@code /events/<name>} to {@code /ws}). */
  public static final String WS_EVENTS = "cable.ws-events";

  /** Cluster-wide, one consumer (on that node): broadcasts of streams the node follows, routed by their home. */
  public static final String NODE_PREFIX = "cable.node.";

  /**
   * Cluster-wide, one consumer (on that node): the {@code /_status} page asks a node for its snapshot; body =
   * request JSON text, reply = the node's snapshot as JSON text ({@code core.status.NodeStatus}).
   */
  public static final String STATUS_PREFIX = "cable.status.";

  public static String status(String nodeId) {
    return STATUS_PREFIX + nodeId;
  }

  public static String node(String nodeId) {
    return NODE_PREFIX + nodeId;
  }

  public static String stream(String stream) {
    return STREAM_PREFIX + stream;
  }
}
