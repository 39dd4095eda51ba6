package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import io.vertx.core.Future;
import io.cablecluster.core.streams.HistoryUnavailable;
import io.cablecluster.core.streams.StreamPosition;
import java.util.List;

/**
 * No broker ({@code --broker=none}): broadcasts pass through unnumbered, history cannot be served
 * (unavailable, so clients get {@code reject_history}), sessions are not kept, no presence.
 */
public final class NoBroker implements Broker {
  private static final Future<Void> DONE = Future.succeededFuture();
  private static final Future<StreamPosition> NO_POSITION = Future.succeededFuture();
  private static final Future<SessionSnapshot> NO_SESSION = Future.succeededFuture();

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
    return NO_POSITION;
  }

  @Override
  public Future<Void> unsubscribe(String stream) {
    return DONE;
  }

  @Override
  public Future<List<Broadcast>> historyFrom(String stream, String epoch, long offset) {
    return Future.failedFuture(new HistoryUnavailable(false));
  }

  @Override
  public Future<List<Broadcast>> historySince(String stream, long sinceSeconds) {
    return Future.failedFuture(new HistoryUnavailable(false));
  }

  @Override
  public Future<Void> commitSession(String sid, SessionSnapshot snapshot) {
    return DONE;
  }

  @Override
  public Future<Void> touchSession(String sid) {
    return DONE;
  }

  @Override
  public Future<SessionSnapshot> restoreSession(String sid) {
    return NO_SESSION;
  }

  @Override
  public Future<Void> presenceJoin(String stream, String sid, String pid, String info) {
    return Future.failedFuture(new PresenceUnsupported());
  }

  @Override
  public Future<Void> presenceLeave(String stream, String sid) {
    return DONE;
  }

  @Override
  public void presenceClosed(String stream, String sid) {
  }

  @Override
  public void presenceKeepalive() {
  }

  @Override
  public Future<String> presenceInfo(String stream, boolean withRecords) {
    return Future.failedFuture(new PresenceUnsupported());
  }
}
