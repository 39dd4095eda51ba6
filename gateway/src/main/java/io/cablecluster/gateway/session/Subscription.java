package io.cablecluster.gateway.session;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One identifier's subscription on a connection: its streams and channel state (istate). Changed only
 * through {@link Subscriptions}, on the connection's event loop.
 */
public final class Subscription {
  private final String identifier;
  final Set<String> streams = new LinkedHashSet<>();
  private final Map<String, String> istate = new HashMap<>();

  Subscription(String identifier) {
    this.identifier = identifier;
  }

  public String identifier() {
    return identifier;
  }

  public Set<String> streams() {
    return Collections.unmodifiableSet(streams);
  }

  public Map<String, String> istate() {
    return Collections.unmodifiableMap(istate);
  }

  void mergeIstate(Map<String, String> delta) {
    StateDelta.merge(istate, delta);
  }
}
