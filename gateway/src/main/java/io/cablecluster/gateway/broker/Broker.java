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

  /** Several streams lost their last subscriber here (told together after the hub's linger). */
  default Future<Void> unsubscribeAll(java.util.Set<String> streams) {
    return Future.all(streams.stream().map(this::unsubscribe).toList()).mapEmpty();
  }

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

  /**
   * The session joins the stream's presence as {@code pid} with {@code info} (JSON text); an id new on the
   * stream is announced to its subscribers. Fails with {@link PresenceUnsupported} where presence is not
   * kept, or when the join is refused (too big, too many, another id for the session).
   */
  Future<Void> presenceJoin(String stream, String sid, String pid, String info);

  /** The session leaves the stream's presence; its id's last session leaving is announced. */
  Future<Void> presenceLeave(String stream, String sid);

  /** The session closed: its presence is no longer renewed and ends {@code presence_ttl} later. */
  void presenceClosed(String stream, String sid);

  /** Renews the presence of every open session here (called a few times per {@code presence_ttl}). */
  void presenceKeepalive();

  /** The presence answer's message (JSON text); fails with {@link PresenceUnsupported} where not kept. */
  Future<String> presenceInfo(String stream, boolean withRecords);
}
