package io.cablecluster.gateway.session;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** One identifier's subscription on a connection: its streams and channel state (istate). */
public final class Subscription {
  public final String identifier;
  /** Answered by the server itself ($pubsub, Turbo, CableReady), without RPC. */
  public final boolean local;
  public final Set<String> streams = new LinkedHashSet<>();
  public final Map<String, String> istate = new HashMap<>();

  public Subscription(String identifier, boolean local) {
    this.identifier = identifier;
    this.local = local;
  }
}
