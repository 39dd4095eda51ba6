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

  /**
   * Numbers and stores a broadcast. The answer is the broadcast with its position, or as it was when it gets
   * none (transient, too big to store, no broker). A repeated {@code messageId} (null: none) answers the
   * first position without storing again, so an ingress may retry.
   */
  Future<Broadcast> append(Broadcast broadcast, String messageId);

  /** The stream's last position; null when nothing is kept. */
  Future<StreamPosition> position(String stream);

  /** Messages after a position; fails with {@link HistoryUnavailable} when the position is not covered. */
  Future<List<Broadcast>> after(String stream, String epoch, long offset);

  /** Messages stored at or after a time (epoch seconds). */
  Future<List<Broadcast>> since(String stream, long sinceSeconds);
}
