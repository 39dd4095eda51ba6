package io.cablecluster.gateway.session;

import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.gateway.encoder.Encoder;
import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every open connection of this node, held by identity rather than by sid: whatever a sid looks like, each
 * connection is counted ({@code clients_num}, {@code max_conn}) and reached by remote disconnect and
 * shutdown, and one connection can never replace or hide another in the registry. Pings go out from one timer per event loop for all connections on
 * it that use the default interval, with one frame built per tick.
 */
public final class SessionRegistry {
  private final Vertx vertx;
  private final GatewayConfig config;
  private final Set<Session> sessions = ConcurrentHashMap.newKeySet();
  private final Map<Context, Set<Session>> byContext = new ConcurrentHashMap<>();

  public SessionRegistry(Vertx vertx, GatewayConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  /** Called on the session's event loop. */
  void add(Session session) {
    sessions.add(session);
    int interval = session.pinger().interval();
    if (interval < 0) {
      byContext.computeIfAbsent(session.context(), this::startTicker).add(session);
    } else if (interval > 0) {
      session.pinger().startOwnTimer();
    }
  }

  void remove(Session session) {
    sessions.remove(session);
    Set<Session> group = byContext.get(session.context());
    if (group != null) {
      group.remove(session);
    }
  }

  private Set<Session> startTicker(Context context) {
    Set<Session> group = ConcurrentHashMap.newKeySet();
    context.runOnContext(v -> vertx.setPeriodic(config.pingIntervalSeconds() * 1000L, id -> {
      String ping = Frames.ping(Pinger.timestamp(config.pingPrecision()));
      // One frame per encoding per tick, shared by every connection on this event loop.
      Map<Encoder, WireFrame> frames = new IdentityHashMap<>(2);
      for (Session session : group) {
        session.ping(frames.computeIfAbsent(session.encoder(), encoder -> encoder.encode(ping)));
      }
    }));
    return group;
  }

  /** Every open extended-protocol session (those a client can restore). */
  public void forEachRestorable(java.util.function.Consumer<Session> action) {
    for (Session session : sessions) {
      if (session.extended() && session.state() == Session.State.OPEN) {
        action.accept(session);
      }
    }
  }

  public int size() {
    return sessions.size();
  }

  /**
   * Open connections with distinct identifiers ({@code clients_uniq_num}); walks every session, so for scrapes
   * only. Identifiers are read from other threads: a connection identified a moment ago may be missed once.
   */
  public int uniqueIdentifiers() {
    Set<String> seen = new java.util.HashSet<>();
    for (Session session : sessions) {
      String identifiers = session.identifiers();
      if (identifiers != null) {
        seen.add(identifiers);
      }
    }
    return seen.size();
  }

  /** Subscriptions held by the open connections ({@code subscriptions_num}); for scrapes, like the above. */
  public long subscriptionCount() {
    long count = 0;
    for (Session session : sessions) {
      count += session.subscriptions().size();
    }
    return count;
  }

  /** Remote disconnect: every connection here whose identifiers equal the given string. */
  public void disconnectByIdentifiers(String identifiers, boolean reconnect) {
    for (Session session : sessions) {
      if (identifiers.equals(session.identifiers())) {
        session.onContext(() -> session.disconnect("remote", reconnect));
      }
    }
  }

  /** Graceful shutdown: every connection gets {@code server_restart} (reconnect) and is closed. */
  public Future<Void> disconnectAll() {
    List<Future<Void>> done = new ArrayList<>();
    for (Session session : sessions) {
      session.onContext(() -> session.disconnect("server_restart", true));
      // The close handshake finishes later; only then is the session's Disconnect RPC queued for the flush.
      done.add(session.whenClosed());
    }
    return Future.join(done).mapEmpty();
  }
}
