package io.cablecluster.rpc;

import io.cablecluster.core.NodeContext;
import io.cablecluster.core.Role;
import io.vertx.core.Future;

/**
 * Answers the gateway's RPC requests on the event bus by calling the backend's AnyCable HTTP RPC. With RPC
 * off ({@code norpc}, or no {@code rpc_host}) it deploys nothing.
 */
public final class RpcBridgeRole implements Role {
  private final NodeContext context;
  private final RpcConfig config;
  private RpcBridgeVerticle verticle;

  public RpcBridgeRole(NodeContext context) {
    this.context = context;
    this.config = RpcConfig.from(context.shared(), context.settings());
  }

  @Override
  public String name() {
    return "rpc-bridge";
  }

  public RpcConfig config() {
    return config;
  }

  @Override
  public Future<Void> start() {
    if (!config.enabled()) {
      return Future.succeededFuture();
    }
    RpcBridgeVerticle bridge = new RpcBridgeVerticle(config, context.metrics());
    return context.vertx().deployVerticle(bridge).map(id -> {
      verticle = bridge;
      return null;
    });
  }

  @Override
  public Future<Void> drain() {
    return verticle == null ? Future.succeededFuture() : verticle.drain();
  }
}
