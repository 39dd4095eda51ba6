package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import io.vertx.core.Future;
import io.cablecluster.core.streams.StreamPosition;
import java.util.List;

/**
 * Where stream state lives (AnyCable-Go's {@code broker.Broker}): positions and history of streams,
 * which streams this node follows, closed sessions kept for restore, presence. Every call is
 * asynchronous, so a cluster-wide implementation fits behind the same callers. Streams are numbered where
 * broadcasts enter (the node's {@link io.cablecluster.core.streams.StreamLog}), not here.
 */
public interface Broker {

  Future<Void> start();

  Future<Void> stop();

  /** This node now has subscribers of the stream; answers the stream's high-water mark (null: none yet). */
  Future<StreamPosition> subscribe(String stream);

  /** This node's last subscriber of the stream left. */
  Future<Void> unsubscribe(String stream);

  /** Messages after a position; fails with {@link HistoryUnavailable} when the position is not covered. */
  Future<List<Broadcast>> historyFrom(String stream, String epoch, long offset);

  /** Messages stored at or after a time (epoch seconds). */
  Future<List<Broadcast>> historySince(String stream, long sinceSeconds);

  /** Keeps a session's state for a later restore; called on every change of it and when it closes. */
  Future<Void> commitSession(String sid, SessionSnapshot snapshot);

  /** The session is still open: its kept state lives another {@code sessions_ttl}. */
  Future<Void> touchSession(String sid);

  /** The kept state of a session, removed so it restores at most once; null when unknown or expired. */
  Future<SessionSnapshot> restoreSession(String sid);

  /** Presence of a stream; fails with {@link PresenceUnsupported} where presence is not kept. */
  Future<List<String>> presence(String stream);
}
