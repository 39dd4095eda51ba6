package io.cablecluster.gateway.streams;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The subscribers of one stream under one identifier on one event loop. Every change and every delivery
 * happens on that event loop, so no locking is needed; deliveries iterate a plain array that is rebuilt
 * only after the membership changed (broadcasts vastly outnumber subscription changes).
 */
final class SubscriberGroup {
  private static final StreamSubscriber[] NONE = new StreamSubscriber[0];
  private final Set<StreamSubscriber> members = new LinkedHashSet<>();
  private StreamSubscriber[] snapshot = NONE;
  private boolean stale;

  boolean add(StreamSubscriber subscriber) {
    boolean added = members.add(subscriber);
    stale |= added;
    return added;
  }

  /** True when the subscriber was a member. */
  boolean remove(StreamSubscriber subscriber) {
    boolean removed = members.remove(subscriber);
    stale |= removed;
    return removed;
  }

  boolean isEmpty() {
    return members.isEmpty();
  }

  StreamSubscriber[] members() {
    if (stale) {
      snapshot = members.toArray(NONE);
      stale = false;
    }
    return snapshot;
  }
}
