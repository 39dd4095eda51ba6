package io.cablecluster.gateway.controller;

import io.vertx.core.Future;

/** A decorator's base: everything goes to the next controller unless overridden. */
public abstract class ForwardingController implements Controller {
  protected final Controller next;

  protected ForwardingController(Controller next) {
    this.next = next;
  }

  @Override
  public Future<ConnectResult> authenticate(ConnectRequest request) {
    return next.authenticate(request);
  }

  @Override
  public Future<CommandResult> subscribe(ChannelRequest request) {
    return next.subscribe(request);
  }

  @Override
  public Future<CommandResult> unsubscribe(ChannelRequest request) {
    return next.unsubscribe(request);
  }

  @Override
  public Future<CommandResult> perform(ChannelRequest request, String data) {
    return next.perform(request, data);
  }

  @Override
  public Future<Void> disconnect(DisconnectRequest request) {
    return next.disconnect(request);
  }
}
