package io.cablecluster.core.streams;

import io.cablecluster.core.Broadcast;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where streams are numbered and remembered: this node's memory, or each stream's home in the cluster. Every
 * ingress appends a broadcast here before it is handed to any subscriber, so all nodes see a stream with the
 * same epoch and offsets; gateways read history from here, on any node. Every call is asynchronous and
 * completes on the caller's context.
 */
public interface StreamLog {

  Future<Void> start();

  Future<Void> stop();

  /** True when appends give positions (false: no broker, broadcasts pass unnumbered). */
  boolean numbers();

  /** The id under which this node follows streams: routed broadcasts come to its node address (null: none). */
  default String nodeId() {
    return null;
  }

  /**
   * Numbers and stores a broadcast. The answer is the broadcast with its position, or as it was when it gets
   * none (transient, too big to store, no broker), and the nodes that follow its stream. A repeated
   * {@code messageId} (null: none) answers the first position without storing again, so an ingress may retry.
   */
  Future<Routed> route(Broadcast broadcast, String messageId);

  /** {@link #route} for callers that deliver to every node anyway. */
  default Future<Broadcast> append(Broadcast broadcast, String messageId) {
    return route(broadcast, messageId).map(Routed::broadcast);
  }

  /**
   * This node has subscribers of the stream from now on (its first one): the stream's home routes the
   * stream's broadcasts here. Answers the stream's last position (null: nothing kept).
   */
  Future<StreamPosition> follow(String stream);

  /** This node's last subscriber of the stream left. */
  Future<Void> unfollow(String stream);

  /** Several streams lost their last subscriber here; a clustered log tells their homes in one round. */
  default Future<Void> unfollowAll(java.util.Set<String> streams) {
    return Future.all(streams.stream().map(this::unfollow).toList()).mapEmpty();
  }

  /** The stream's last position; null when nothing is kept. */
  Future<StreamPosition> position(String stream);

  /** Messages after a position; fails with {@link HistoryUnavailable} when the position is not covered. */
  Future<List<Broadcast>> after(String stream, String epoch, long offset);

  /** Messages stored at or after a time (epoch seconds). */
  Future<List<Broadcast>> since(String stream, long sinceSeconds);

  /**
   * A numbered broadcast and where it must go: the ids of the nodes that follow its stream, or null for
   * every node (no routing here, or the stream's followers may not all be known yet).
   */
  record Routed(Broadcast broadcast, List<String> nodes) {
    public static Routed everywhere(Broadcast broadcast) {
      return new Routed(broadcast, null);
    }
  }
}
