package io.cablecluster.gateway.session;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.encoder.WireFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live frames held back while a subscription's history is being replayed (or, after a restore, until the
 * client asks for it), so replay and live never interleave; {@link Subscription#admit} then drops what the
 * replay already sent. Bounded per connection in frames and bytes; a connection over it is cut off as too
 * slow. Event-loop confined, like its session.
 */
final class LiveGate {
  record Held(WireFrame frame, Broadcast broadcast) {
  }

  static final int MAX_FRAMES = 4096;
  private final Map<String, List<Held>> holding = new HashMap<>();
  /** Restored subscriptions whose client has not asked for history yet. */
  private final java.util.Set<String> awaiting = new java.util.HashSet<>();
  private final long maxBytes;
  private int frames;
  private long bytes;

  LiveGate(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  void hold(String identifier) {
    holding.putIfAbsent(identifier, new ArrayList<>());
  }

  void awaitHistory(String identifier) {
    awaiting.add(identifier);
  }

  void historyRequested(String identifier) {
    awaiting.remove(identifier);
  }

  /** The restored subscriptions still waiting for a history request; they wait no more. */
  List<String> stopAwaiting() {
    List<String> late = new ArrayList<>(awaiting);
    awaiting.clear();
    return late;
  }

  boolean isEmpty() {
    return holding.isEmpty();
  }

  boolean holds(String identifier) {
    return holding.containsKey(identifier);
  }

  /** False when the connection is over its bound (the frame is not kept). */
  boolean offer(String identifier, WireFrame frame, Broadcast broadcast) {
    if (frames >= MAX_FRAMES || bytes + frame.length() > maxBytes) {
      return false;
    }
    holding.get(identifier).add(new Held(frame, broadcast));
    frames++;
    bytes += frame.length();
    return true;
  }

  /** Stops holding the identifier; answers what was held, in arrival order. */
  List<Held> release(String identifier) {
    List<Held> held = holding.remove(identifier);
    if (held == null) {
      return List.of();
    }
    for (Held h : held) {
      frames--;
      bytes -= h.frame().length();
    }
    return held;
  }
}
