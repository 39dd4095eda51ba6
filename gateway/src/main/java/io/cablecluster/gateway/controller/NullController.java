package io.cablecluster.gateway.controller;

import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Future;
import java.util.List;

/**
 * The end of every controller chain: whoever gets here is refused (unauthorized, subscription
 * rejected); unsubscribe, perform and disconnect do nothing. Alone, it is the node without a backend.
 */
public final class NullController implements Controller {
  private final Runnable failedAuth;

  /** {@code failedAuth} counts a refused identification. */
  public NullController(Runnable failedAuth) {
    this.failedAuth = failedAuth;
  }

  @Override
  public Future<ConnectResult> authenticate(ConnectRequest request) {
    failedAuth.run();
    return Future.succeededFuture(ConnectResult.refused(List.of(Frames.disconnect("unauthorized", false))));
  }

  @Override
  public Future<CommandResult> subscribe(ChannelRequest request) {
    return Future.succeededFuture(CommandResult.rejected(List.of(Frames.reject(request.identifier()))));
  }

  @Override
  public Future<CommandResult> unsubscribe(ChannelRequest request) {
    return Future.succeededFuture(CommandResult.NOTHING);
  }

  @Override
  public Future<CommandResult> perform(ChannelRequest request, String data) {
    return Future.succeededFuture(CommandResult.NOTHING);
  }

  @Override
  public Future<Void> disconnect(DisconnectRequest request) {
    return Future.succeededFuture();
  }
}
