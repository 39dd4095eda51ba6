package io.cablecluster.gateway.session;

import io.cablecluster.gateway.broker.SessionSnapshot;
import io.cablecluster.gateway.streams.StreamHub;
import io.cablecluster.gateway.streams.StreamSubscriber;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection's subscriptions, in subscription order, and the only place where the connection joins or
 * leaves a stream of the hub. Used on the connection's event loop only.
 */
public final class Subscriptions {
  private static final Future<Void> DONE = Future.succeededFuture();
  private final StreamHub hub;
  private final StreamSubscriber owner;
  private final Map<String, Subscription> byIdentifier = new LinkedHashMap<>();
  /** Set once the connection closed: answers that arrive later must not join or leave hub streams. */
  private boolean closed;

  public Subscriptions(StreamHub hub, StreamSubscriber owner) {
    this.hub = hub;
    this.owner = owner;
  }

  public Subscription get(String identifier) {
    return byIdentifier.get(identifier);
  }

  public int size() {
    return byIdentifier.size();
  }

  public Collection<Subscription> all() {
    return Collections.unmodifiableCollection(byIdentifier.values());
  }

  /** A new, empty subscription under the identifier (replacing none: callers check first). */
  Subscription add(String identifier) {
    Subscription subscription = new Subscription(identifier);
    byIdentifier.put(identifier, subscription);
    return subscription;
  }

  boolean isCurrent(Subscription subscription) {
    return byIdentifier.get(subscription.identifier()) == subscription;
  }

  /** Joins the stream unless the subscription holds it already; completes when the stream is reachable. */
  Future<Void> addStream(Subscription subscription, String stream) {
    return subscription.streams.add(stream) && !closed ? hub.join(stream, owner, subscription.identifier()) : DONE;
  }

  void removeStream(Subscription subscription, String stream) {
    if (subscription.streams.remove(stream) && !closed) {
      hub.leave(stream, owner, subscription.identifier());
    }
  }

  void removeAllStreams(Subscription subscription) {
    if (!closed) {
      for (String stream : subscription.streams) {
        hub.leave(stream, owner, subscription.identifier());
      }
    }
    subscription.streams.clear();
  }

  /** Drops a subscription and leaves all its streams. */
  void remove(Subscription subscription) {
    byIdentifier.remove(subscription.identifier(), subscription);
    removeAllStreams(subscription);
  }

  /** The connection closed: leaves every stream, keeping the subscriptions for the Disconnect call and snapshot. */
  void forEach(java.util.function.Consumer<Subscription> action) {
    byIdentifier.values().forEach(action);
  }

  void leaveAll() {
    closed = true;
    for (Subscription subscription : byIdentifier.values()) {
      for (String stream : subscription.streams) {
        hub.leave(stream, owner, subscription.identifier());
      }
    }
  }

  /** Re-creates saved subscriptions and joins their streams; completes when all are reachable. */
  Future<Void> restore(List<SessionSnapshot.SubscriptionSnapshot> saved) {
    List<Future<Void>> joins = new ArrayList<>();
    for (SessionSnapshot.SubscriptionSnapshot snapshot : saved) {
      Subscription subscription = add(snapshot.identifier());
      subscription.mergeIstate(snapshot.istate());
      for (String stream : snapshot.streams()) {
        joins.add(addStream(subscription, stream));
      }
    }
    return Future.join(joins).mapEmpty();
  }

  List<SessionSnapshot.SubscriptionSnapshot> snapshot() {
    return byIdentifier.values().stream()
        .map(s -> new SessionSnapshot.SubscriptionSnapshot(s.identifier(), List.copyOf(s.streams),
            StateDelta.copy(s.istate())))
        .toList();
  }

  /** Every subscription's identifier and channel state, in subscription order. */
  Map<String, Map<String, String>> istates() {
    Map<String, Map<String, String>> istates = new LinkedHashMap<>();
    byIdentifier.forEach((identifier, subscription) -> istates.put(identifier, StateDelta.copy(subscription.istate())));
    return istates;
  }
}
