package io.cablecluster.gateway.session;

import io.cablecluster.core.Broadcast;
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
  /** The presence stream this subscription joined through this session (null: none). */
  private String presenceJoined;

  /** The last position sent per stream (extended protocol only): what is at or before it is not sent again. */
  private Map<String, Cursor> cursors;

  private static final class Cursor {
    String epoch;
    /** The first and last offsets sent under the epoch. */
    long first;
    long offset;
  }

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

  /**
   * True when a numbered broadcast is news to this subscription, which then records it as sent. Live
   * frames come in offset order, so one at or before the last sent is a repeat. A replayed frame is a repeat
   * only inside the range this subscription already sent (a client may ask for older messages than it got
   * here). A new epoch is always news.
   */
  boolean admit(Broadcast broadcast, boolean replayed) {
    if (broadcast.epoch() == null) {
      return true;
    }
    if (cursors == null) {
      cursors = new HashMap<>(2);
    }
    Cursor cursor = cursors.get(broadcast.stream());
    long offset = broadcast.offset();
    if (cursor == null || !broadcast.epoch().equals(cursor.epoch)) {
      cursor = cursor == null ? new Cursor() : cursor;
      cursors.put(broadcast.stream(), cursor);
      cursor.epoch = broadcast.epoch();
      cursor.first = offset;
      cursor.offset = offset;
      return true;
    }
    if (offset > cursor.offset) {
      cursor.offset = offset;
      return true;
    }
    return replayed && offset < cursor.first;
  }

  /** The stream presence commands act on (AnyCable-Go's {@code $p} channel state); null: no presence. */
  public String presenceStream() {
    return istate.get("$p");
  }

  String presenceJoined() {
    return presenceJoined;
  }

  void presenceJoined(String stream) {
    presenceJoined = stream;
  }

  void mergeIstate(Map<String, String> delta) {
    StateDelta.merge(istate, delta);
  }
}
