package io.cablecluster.gateway;

import io.cablecluster.core.NodeContext;
import io.cablecluster.core.Role;
import io.vertx.core.Future;

/** Holds client WebSockets and speaks the Action Cable protocol (work in progress). */
public final class GatewayRole implements Role {
  private final NodeContext context;

  public GatewayRole(NodeContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }
}
