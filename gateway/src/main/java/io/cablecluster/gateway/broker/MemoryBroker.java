package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * {@code --broker=memory}: streams are numbered and remembered by the node's stream log (this node's memory,
 * or each stream's home in the cluster), so a position is understood on every node; closed sessions are kept
 * here for a restore.
 */
public final class MemoryBroker implements Broker {
  private static final Future<Void> DONE = Future.succeededFuture();
  private final Vertx vertx;
  private final StreamLog log;
  private final SessionStore sessions;

  public MemoryBroker(Vertx vertx, BrokerConfig config, StreamLog log) {
    this.vertx = vertx;
    this.log = log;
    this.sessions = new SessionStore(config.sessionsTtlSeconds(), config.maxSessions());
  }

  @Override
  public Future<Void> start() {
    sessions.start(vertx);
    return DONE;
  }

  @Override
  public Future<Void> stop() {
    sessions.stop(vertx);
    return DONE;
  }

  @Override
  public Future<StreamPosition> subscribe(String stream) {
    return log.position(stream);
  }

  @Override
  public Future<Void> unsubscribe(String stream) {
    return DONE;
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
    sessions.keep(sid, snapshot);
    return DONE;
  }

  @Override
  public Future<SessionSnapshot> restoreSession(String sid) {
    return Future.succeededFuture(sessions.take(sid));
  }

  @Override
  public Future<List<String>> presence(String stream) {
    return Future.failedFuture(new PresenceUnsupported());
  }
}
