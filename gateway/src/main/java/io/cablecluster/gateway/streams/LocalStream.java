package io.cablecluster.gateway.streams;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.protocol.JsonText;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stream's subscribers on this node, grouped by event loop and then by identifier, behind one
 * node-local event-bus consumer. A broadcast is decoded once, each (identifier) frame is built once, and
 * every event loop gets one task carrying the frames for its connections.
 */
final class LocalStream {
  final String name;
  private final Map<Context, Map<String, Set<StreamSubscriber>>> byContext = new ConcurrentHashMap<>();
  private MessageConsumer<Broadcast> consumer;
  private Future<Void> ready;
  int references;

  LocalStream(String name) {
    this.name = name;
  }

  void open(MessageConsumer<Broadcast> consumer) {
    this.consumer = consumer;
    this.ready = consumer.completion();
  }

  Future<Void> ready() {
    return ready;
  }

  Future<Void> close() {
    return consumer.unregister();
  }

  void add(StreamSubscriber subscriber, String identifier) {
    byContext.computeIfAbsent(subscriber.context(), c -> new ConcurrentHashMap<>())
        .computeIfAbsent(identifier, i -> ConcurrentHashMap.newKeySet())
        .add(subscriber);
  }

  void remove(StreamSubscriber subscriber, String identifier) {
    Map<String, Set<StreamSubscriber>> group = byContext.get(subscriber.context());
    if (group == null) {
      return;
    }
    Set<StreamSubscriber> set = group.get(identifier);
    if (set != null && set.remove(subscriber) && set.isEmpty()) {
      group.remove(identifier, set);
    }
  }

  /** Runs on the consumer's event loop. */
  void fanOut(Broadcast broadcast) {
    String message = JsonText.message(broadcast.data());
    Map<String, String> frames = new HashMap<>();
    Context here = Vertx.currentContext();
    // All frames are built before any task is handed to another event loop: those tasks only read the map.
    for (Map<String, Set<StreamSubscriber>> group : byContext.values()) {
      for (String identifier : group.keySet()) {
        frames.computeIfAbsent(identifier, id -> Frames.data(id, message, broadcast));
      }
    }
    for (Map.Entry<Context, Map<String, Set<StreamSubscriber>>> entry : byContext.entrySet()) {
      Map<String, Set<StreamSubscriber>> group = entry.getValue();
      if (entry.getKey() == here) {
        deliver(group, frames, message, broadcast);
      } else {
        entry.getKey().runOnContext(v -> deliver(group, frames, message, broadcast));
      }
    }
  }

  private static void deliver(Map<String, Set<StreamSubscriber>> group, Map<String, String> frames,
                              String message, Broadcast broadcast) {
    String excluded = broadcast.excludeSocket();
    for (Map.Entry<String, Set<StreamSubscriber>> entry : group.entrySet()) {
      String frame = frames.get(entry.getKey());
      if (frame == null) {
        // Subscribed between the frame pass and this task: still a subscriber, build its frame here.
        frame = Frames.data(entry.getKey(), message, broadcast);
      }
      for (StreamSubscriber subscriber : entry.getValue()) {
        if (excluded == null || !excluded.equals(subscriber.sid())) {
          subscriber.deliver(frame);
        }
      }
    }
  }
}
