package io.cablecluster.core.streams;

import io.cablecluster.core.Broadcast;
import io.vertx.core.Future;
import java.util.List;

/** No broker ({@code --broker=none}): broadcasts pass unnumbered and no history is kept. */
public final class NoStreamLog implements StreamLog {
  public static final NoStreamLog INSTANCE = new NoStreamLog();
  private static final Future<Void> DONE = Future.succeededFuture();

  private NoStreamLog() {
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
  public boolean numbers() {
    return false;
  }

  @Override
  public Future<Routed> route(Broadcast broadcast, String messageId) {
    return Future.succeededFuture(Routed.everywhere(broadcast));
  }

  @Override
  public Future<StreamPosition> follow(String stream) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> unfollow(String stream) {
    return DONE;
  }

  @Override
  public Future<StreamPosition> position(String stream) {
    return Future.succeededFuture();
  }

  @Override
  public Future<List<Broadcast>> after(String stream, String epoch, long offset) {
    return Future.failedFuture(new HistoryUnavailable(false));
  }

  @Override
  public Future<List<Broadcast>> since(String stream, long sinceSeconds) {
    return Future.failedFuture(new HistoryUnavailable(false));
  }
}
