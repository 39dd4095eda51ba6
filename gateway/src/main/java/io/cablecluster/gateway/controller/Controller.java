package io.cablecluster.gateway.controller;

import io.vertx.core.Future;

/**
 * Decides who a connection is and what its channel commands do (AnyCable-Go's {@code node.Controller}).
 * Implementations compose as decorators: identification (JWT, noauth) and local channels ($pubsub,
 * Turbo, CableReady) answer what they own and hand the rest to the next controller; the RPC controller
 * asks the backend; {@link NullController} refuses. A failed future means the backend could not be
 * reached; an answer of any status is a succeeded future. Results are applied to the session by the
 * session alone.
 */
public interface Controller {

  Future<ConnectResult> authenticate(ConnectRequest request);

  Future<CommandResult> subscribe(ChannelRequest request);

  Future<CommandResult> unsubscribe(ChannelRequest request);

  /** A {@code message} command: {@code data} is the client's JSON text for the channel action. */
  Future<CommandResult> perform(ChannelRequest request, String data);

  Future<Void> disconnect(DisconnectRequest request);
}
