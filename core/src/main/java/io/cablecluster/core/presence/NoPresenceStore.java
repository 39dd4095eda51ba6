package io.cablecluster.core.presence;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.BiConsumer;

/** No broker: no presence (clients asking get a presence error; joins and leaves are ignored). */
public final class NoPresenceStore implements PresenceStore {
  public static final NoPresenceStore INSTANCE = new NoPresenceStore();

  private NoPresenceStore() {
  }

  @Override
  public Future<Void> start(BiConsumer<String, String> leaves) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }

  @Override
  public boolean supported() {
    return false;
  }

  @Override
  public Future<String> join(String stream, String sid, String pid, String info) {
    return Future.failedFuture(new UnsupportedOperationException("presence needs a broker"));
  }

  @Override
  public Future<String> leave(String stream, String sid) {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> touch(String stream, List<String> sids) {
    return Future.succeededFuture();
  }

  @Override
  public Future<String> info(String stream, boolean withRecords) {
    return Future.failedFuture(new UnsupportedOperationException("presence needs a broker"));
  }
}
