package io.cablecluster.cluster.streams;

import io.cablecluster.core.streams.StreamRecord;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a stream's home keeps: its record (numbering and history) and which nodes follow it. Follows and
 * unfollows carry a version per node, so a late or re-run operation never undoes a newer one. A home that may
 * not know every follower routes to every node: from its creation until a window
 * ({@code stream_route_window}) after its first append. A node that sees a stream restart under a new epoch follows it again within that window, so a record
 * lost with its owner and backup is rebuilt without routing anything away from a follower.
 */
final class StreamHome implements Serializable {
  private static final long serialVersionUID = 1L;
  final StreamRecord record;
  /** Node id → version of its last follow (positive) or unfollow (negative). */
  private final Map<String, Long> followers = new HashMap<>();
  private long openUntilMillis;

  StreamHome(String epoch) {
    this.record = new StreamRecord(epoch);
  }

  /** Applies a follow ({@code on}) or unfollow; false when a newer operation of that node was applied. */
  boolean follow(String node, long version, boolean on) {
    Long seen = followers.get(node);
    if (seen != null && Math.abs(seen) >= version) {
      return false;
    }
    followers.put(node, on ? version : -version);
    return true;
  }

  /** An append happened: the first one starts the closing of the window. */
  void appended(long nowMillis, long windowMillis) {
    if (openUntilMillis == 0) {
      openUntilMillis = nowMillis + windowMillis;
    }
  }

  /** The nodes to route to, or null for every node (the window is still open). */
  List<String> route(long nowMillis) {
    if (openUntilMillis == 0 || nowMillis < openUntilMillis) {
      return null;
    }
    List<String> nodes = new ArrayList<>(followers.size());
    followers.forEach((node, version) -> {
      if (version > 0) {
        nodes.add(node);
      }
    });
    return nodes;
  }

  /** The node left the cluster; true when it followed (or had unfollowed) this stream. */
  boolean forget(String node) {
    return followers.remove(node) != null;
  }

  boolean followed() {
    return followers.values().stream().anyMatch(version -> version > 0);
  }

  /** A home rebuilt after a split brain: every follower either half knew, and open again. */
  static StreamHome merged(StreamRecord record, StreamHome a, StreamHome b) {
    StreamHome home = new StreamHome(record);
    home.followers.putAll(a.followers);
    b.followers.forEach((node, version) -> home.followers.merge(node, version,
        (x, y) -> Math.abs(x) >= Math.abs(y) ? x : y));
    return home;
  }

  private StreamHome(StreamRecord record) {
    this.record = record;
  }
}
