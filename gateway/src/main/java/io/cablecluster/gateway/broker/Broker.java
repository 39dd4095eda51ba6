package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import io.vertx.core.Future;
import java.util.List;

/**
 * Where stream state lives (AnyCable-Go's {@code broker.Broker}): positions and history of streams,
 * which streams this node follows, closed sessions kept for restore, presence. Every call is
 * asynchronous, so a cluster-wide implementation fits behind the same callers. Publishes of one stream
 * must complete in the order they were made: the relay delivers in completion order.
 */
public interface Broker {

  Future<Void> start();

  Future<Void> stop();

  /**
   * A broadcast received by this node, on its way to local subscribers: the answer carries the
   * broadcast with its stream position (when the broker numbers streams) and whether it is new; a
   * repeated {@code idempotencyKey} (null: none) answers the first position and {@code fresh=false}.
   */
  Future<Published> publish(Broadcast broadcast, String idempotencyKey);

  /** This node now has subscribers of the stream; answers the stream's high-water mark (null: none yet). */
  Future<StreamPosition> subscribe(String stream);

  /** This node's last subscriber of the stream left. */
  Future<Void> unsubscribe(String stream);

  /** Messages after a position; fails with {@link HistoryUnavailable} when the position is not covered. */
  Future<List<Broadcast>> historyFrom(String stream, String epoch, long offset);

  /** Messages stored at or after a time (epoch seconds). */
  Future<List<Broadcast>> historySince(String stream, long sinceSeconds);

  /** Keeps a closed session's state for a later restore. */
  Future<Void> commitSession(String sid, SessionSnapshot snapshot);

  /** The kept state of a session, removed so it restores at most once; null when unknown or expired. */
  Future<SessionSnapshot> restoreSession(String sid);

  /** Presence of a stream; fails with {@link PresenceUnsupported} where presence is not kept. */
  Future<List<String>> presence(String stream);

  /** A record of a broadcast after the broker saw it. */
  record Published(Broadcast broadcast, boolean fresh) {
  }
}
