package io.cablecluster.gateway.status;

import io.cablecluster.core.status.StatusContributor;
import io.cablecluster.core.status.StatusSnapshot;
import io.cablecluster.gateway.session.SessionRegistry;
import io.cablecluster.gateway.streams.StreamHub;

/**
 * The gateway's part of the node's status: open sessions, streams with subscribers here, and the streams with
 * most subscribers (the snapshot keeps the top ones; the pass over the hub copies nothing).
 */
public final class GatewayStatus implements StatusContributor {
  private final SessionRegistry registry;
  private final StreamHub hub;

  public GatewayStatus(SessionRegistry registry, StreamHub hub) {
    this.registry = registry;
    this.hub = hub;
  }

  @Override
  public void contribute(StatusSnapshot snapshot) {
    long[] subscriptions = new long[1];
    int[] streams = new int[1];
    hub.forEachStream((stream, subscribers) -> {
      subscriptions[0] += subscribers;
      streams[0]++;
      snapshot.stream(stream, subscribers);
    });
    snapshot.connections(registry.size());
    snapshot.subscriptions(subscriptions[0]);
    snapshot.streams(streams[0]);
  }
}
