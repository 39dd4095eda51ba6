package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.sessions.SessionVault;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamPosition;
import io.vertx.core.Future;
import java.util.List;

/**
 * {@code --broker=memory}: streams are numbered and remembered by the node's stream log (this node's memory,
 * or each stream's home in the cluster), so a position is understood on every node; sessions are kept in the
 * node's session vault (cluster-wide when clustered), so a client restores its session wherever it lands.
 */
public final class MemoryBroker implements Broker {
  private static final Future<Void> DONE = Future.succeededFuture();
  private final StreamLog log;
  private final SessionVault sessions;

  public MemoryBroker(StreamLog log, SessionVault sessions) {
    this.log = log;
    this.sessions = sessions;
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
  public Future<List<String>> presence(String stream) {
    return Future.failedFuture(new PresenceUnsupported());
  }
}
