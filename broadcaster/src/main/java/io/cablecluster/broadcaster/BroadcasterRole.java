package io.cablecluster.broadcaster;

import io.cablecluster.broadcaster.http.BroadcastEndpoint;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.Role;
import io.cablecluster.core.http.HttpEndpoints;
import io.vertx.core.Future;
import java.util.Set;

/** Takes broadcasts from backends (HTTP, Redis) and publishes them cluster-wide on the event bus. */
public final class BroadcasterRole implements Role {
  private final NodeContext context;
  private final BroadcastHttpConfig http;

  public BroadcasterRole(NodeContext context) {
    this.context = context;
    this.http = BroadcastHttpConfig.from(context.settings(), context.node().port());
  }

  @Override
  public String name() {
    return "broadcaster";
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Set<Integer> extraPorts() {
    return http.port() == context.node().port() ? Set.of() : Set.of(http.port());
  }

  @Override
  public void mount(HttpEndpoints endpoints) {
    if (endpoints.port() == http.port()) {
      BroadcastEndpoint endpoint = new BroadcastEndpoint(http, context.metrics(), endpoints.vertx().eventBus());
      endpoint.mount(endpoints.router());
      BroadcastEndpoint.mountErrorBodies(endpoints.router());
    }
  }

  public BroadcastHttpConfig httpConfig() {
    return http;
  }
}
