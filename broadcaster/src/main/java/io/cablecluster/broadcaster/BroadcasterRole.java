package io.cablecluster.broadcaster;

import io.cablecluster.core.NodeContext;
import io.cablecluster.core.Role;
import io.vertx.core.Future;

/** Takes broadcasts from backends and publishes them on the event bus (work in progress). */
public final class BroadcasterRole implements Role {
  private final NodeContext context;

  public BroadcasterRole(NodeContext context) {
    this.context = context;
  }

  @Override
  public String name() {
    return "broadcaster";
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }
}
