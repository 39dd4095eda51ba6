package io.cablecluster.gateway.rpc;

import io.cablecluster.core.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * The gateway's side of RPC: requests go over the event bus to an rpc-bridge (on this node or another),
 * which calls the backend. Bodies are AnyCable HTTP RPC JSON, unchanged.
 */
public final class RpcClient {
  /** Above the bridge's own deadline (retries included), so the bridge's answer normally wins. */
  private static final long EVENT_BUS_TIMEOUT_MS = 15_000;
  private final Vertx vertx;

  public RpcClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<RpcReply> connect(String sid, JsonObject body) {
    return call(Addresses.RPC_CONNECT, sid, body).map(RpcReply::of);
  }

  public Future<RpcReply> command(String sid, JsonObject body) {
    return call(Addresses.RPC_COMMAND, sid, body).map(RpcReply::of);
  }

  public Future<JsonObject> disconnect(String sid, JsonObject body) {
    return call(Addresses.RPC_DISCONNECT, sid, body);
  }

  private Future<JsonObject> call(String address, String sid, JsonObject body) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(EVENT_BUS_TIMEOUT_MS).addHeader("sid", sid);
    return vertx.eventBus().<JsonObject>request(address, body, options).map(message -> message.body());
  }
}
