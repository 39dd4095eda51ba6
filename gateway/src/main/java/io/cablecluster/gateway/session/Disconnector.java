package io.cablecluster.gateway.session;

import io.cablecluster.gateway.controller.DisconnectRequest;
import io.vertx.core.Future;

/** Where closed connections go for their Disconnect call (AnyCable-Go's disconnect queue). */
public interface Disconnector {

  /** Without a backend nobody wants Disconnect calls. */
  Disconnector NONE = new Disconnector() {
    @Override
    public void start() {
    }

    @Override
    public void connectionClosed(DisconnectRequest request, boolean disconnectInterest) {
    }

    @Override
    public Future<Void> flush() {
      return Future.succeededFuture();
    }

    @Override
    public int queued() {
      return 0;
    }
  };

  void start();

  /** Called on the connection's event loop once it closed. */
  void connectionClosed(DisconnectRequest request, boolean disconnectInterest);

  /** Shutdown: sends everything still queued; completes when all calls answered. */
  Future<Void> flush();

  /** Calls waiting to be sent (a gauge). */
  int queued();
}
