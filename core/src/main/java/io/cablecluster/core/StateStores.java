package io.cablecluster.core;

import io.cablecluster.core.presence.PresenceStore;
import io.cablecluster.core.sessions.SessionVault;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamPublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Where the node keeps state that outlives a connection: stream numbering and history, restorable sessions,
 * presence. Each is this node's memory on a single node and each stream's (or session's) home in a cluster.
 */
public record StateStores(StreamLog streams, SessionVault sessions, PresenceStore presence) {

  /** A presence event (join, leave) as the transient broadcast every subscriber of the stream receives. */
  public static Broadcast presenceEvent(String stream, String event) {
    return new Broadcast(stream, event, null, true, "presence", null, 0);
  }

  /** Starts them; presence leave events of expired leases are published from this node. */
  public Future<Void> start(Vertx vertx) {
    StreamPublisher publisher = new StreamPublisher(vertx.eventBus(), streams);
    return streams.start().compose(v -> sessions.start())
        .compose(v -> presence.start((stream, event) -> publisher.publish(presenceEvent(stream, event), null)));
  }

  public Future<Void> stop() {
    return Future.join(streams.stop(), sessions.stop(), presence.stop()).mapEmpty();
  }
}
