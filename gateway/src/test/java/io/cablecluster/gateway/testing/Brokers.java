package io.cablecluster.gateway.testing;

import io.cablecluster.core.presence.MemoryPresenceStore;
import io.cablecluster.core.presence.PresenceConfig;
import io.cablecluster.core.sessions.MemorySessionVault;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamPublisher;
import io.cablecluster.gateway.broker.MemoryBroker;
import io.vertx.core.Vertx;

/** The memory broker over a given stream log, with AnyCable's default session and presence settings. */
public final class Brokers {
  private Brokers() {
  }

  public static MemoryBroker memory(Vertx vertx, StreamLog log) {
    return memory(vertx, log, new SessionsConfig(300, 1000, 65536));
  }

  public static MemoryBroker memory(Vertx vertx, StreamLog log, SessionsConfig sessions) {
    return new MemoryBroker(log, new MemorySessionVault(vertx, sessions),
        new MemoryPresenceStore(vertx, new PresenceConfig(15, 4096, 10_000)), new StreamPublisher(vertx.eventBus(), log));
  }
}
