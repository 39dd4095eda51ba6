package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.StateStores;
import io.cablecluster.core.presence.PresenceStore;
import io.cablecluster.core.sessions.SessionVault;
import io.cablecluster.core.streams.StreamPublisher;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamPosition;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code --broker=memory}: streams are numbered and remembered by the node's stream log (this node's memory,
 * or each stream's home in the cluster), so a position is understood on every node; sessions are kept in the
 * node's session vault (cluster-wide when clustered), so a client restores its session wherever it lands;
 * presence lives in the node's presence store (at each stream's home when clustered), renewed while open.
 */
public final class MemoryBroker implements Broker {
  private static final Future<Void> DONE = Future.succeededFuture();
  private final StreamLog log;
  private final SessionVault sessions;
  private final PresenceStore presence;
  private final StreamPublisher publisher;
  /** Stream → the open sessions here that joined its presence: their leases are renewed. */
  private final Map<String, Set<String>> leases = new ConcurrentHashMap<>();

  public MemoryBroker(StreamLog log, SessionVault sessions, PresenceStore presence, StreamPublisher publisher) {
    this.log = log;
    this.sessions = sessions;
    this.presence = presence;
    this.publisher = publisher;
  }

  @Override
  public Future<Void> start() {
    return DONE;
  }

  @Override
  public Future<Void> stop() {
    return DONE;
  }

  @Override
  public Future<StreamPosition> subscribe(String stream) {
    return log.follow(stream);
  }

  @Override
  public Future<Void> unsubscribe(String stream) {
    return log.unfollow(stream);
  }

  @Override
  public Future<Void> unsubscribeAll(Set<String> streams) {
    return log.unfollowAll(streams);
  }

  @Override
  public Future<List<Broadcast>> historyFrom(String stream, String epoch, long offset) {
    return log.after(stream, epoch, offset);
  }

  @Override
  public Future<List<Broadcast>> historySince(String stream, long sinceSeconds) {
    return log.since(stream, sinceSeconds);
  }

  @Override
  public Future<Void> commitSession(String sid, SessionSnapshot snapshot) {
    return sessions.keep(sid, snapshot.encode());
  }

  @Override
  public Future<Void> touchSession(String sid) {
    return sessions.touch(sid);
  }

  @Override
  public Future<SessionSnapshot> restoreSession(String sid) {
    return sessions.take(sid).map(text -> text == null ? null : SessionSnapshot.decode(text));
  }

  @Override
  public Future<Void> presenceJoin(String stream, String sid, String pid, String info) {
    if (!presence.supported()) {
      return Future.failedFuture(new PresenceUnsupported());
    }
    return presence.join(stream, sid, pid, info).compose(event -> {
      leases.computeIfAbsent(stream, s -> ConcurrentHashMap.newKeySet()).add(sid);
      return announce(stream, event);
    });
  }

  @Override
  public Future<Void> presenceLeave(String stream, String sid) {
    presenceClosed(stream, sid);
    return presence.leave(stream, sid).compose(event -> announce(stream, event));
  }

  @Override
  public void presenceClosed(String stream, String sid) {
    leases.computeIfPresent(stream, (s, sids) -> {
      sids.remove(sid);
      return sids.isEmpty() ? null : sids;
    });
  }

  @Override
  public void presenceKeepalive() {
    leases.forEach((stream, sids) -> presence.touch(stream, List.copyOf(sids)));
  }

  @Override
  public Future<String> presenceInfo(String stream, boolean withRecords) {
    return presence.supported() ? presence.info(stream, withRecords) : Future.failedFuture(new PresenceUnsupported());
  }

  /** A join or leave event reaches every subscriber of the stream, on every node, as a transient broadcast. */
  private Future<Void> announce(String stream, String event) {
    return event == null ? DONE : publisher.publish(StateStores.presenceEvent(stream, event), null);
  }
}
