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
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stream's subscribers on this node, grouped by event loop and then by identifier, behind one
 * node-local event-bus consumer. A broadcast is decoded once, each (identifier) frame is built once, and
 * every event loop gets one task carrying the frames for its connections.
 */
final class LocalStream {
  final String name;
  /** Event loop → identifier → group; the inner maps are read (keys only) by the consumer's event loop. */
  private final Map<Context, Map<String, SubscriberGroup>> byContext = new ConcurrentHashMap<>();
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

  /** Called on the subscriber's own event loop. */
  void add(StreamSubscriber subscriber, String identifier) {
    byContext.computeIfAbsent(subscriber.context(), c -> new ConcurrentHashMap<>())
        .computeIfAbsent(identifier, i -> new SubscriberGroup())
        .add(subscriber);
  }

  /** Called on the subscriber's own event loop. */
  void remove(StreamSubscriber subscriber, String identifier) {
    Map<String, SubscriberGroup> groups = byContext.get(subscriber.context());
    SubscriberGroup group = groups == null ? null : groups.get(identifier);
    if (group != null && group.remove(subscriber)) {
      groups.remove(identifier, group);
    }
  }

  /** Runs on the consumer's event loop. */
  void fanOut(Broadcast broadcast) {
    String message = JsonText.message(broadcast.data());
    Map<String, String> frames = new HashMap<>();
    Context here = Vertx.currentContext();
    // All frames are built before any task is handed to another event loop: those tasks only read the map.
    for (Map<String, SubscriberGroup> groups : byContext.values()) {
      for (String identifier : groups.keySet()) {
        frames.computeIfAbsent(identifier, id -> Frames.data(id, message, broadcast));
      }
    }
    for (Map.Entry<Context, Map<String, SubscriberGroup>> entry : byContext.entrySet()) {
      Map<String, SubscriberGroup> groups = entry.getValue();
      if (entry.getKey() == here) {
        deliver(groups, frames, message, broadcast);
      } else {
        entry.getKey().runOnContext(v -> deliver(groups, frames, message, broadcast));
      }
    }
  }

  /** Runs on the event loop that owns {@code groups}. */
  private static void deliver(Map<String, SubscriberGroup> groups, Map<String, String> frames,
                              String message, Broadcast broadcast) {
    String excluded = broadcast.excludeSocket();
    for (Map.Entry<String, SubscriberGroup> entry : groups.entrySet()) {
      String frame = frames.get(entry.getKey());
      if (frame == null) {
        // Subscribed between the frame pass and this task: still a subscriber, build its frame here.
        frame = Frames.data(entry.getKey(), message, broadcast);
      }
      StreamSubscriber[] members = entry.getValue().members();
      if (excluded == null) {
        for (StreamSubscriber subscriber : members) {
          subscriber.deliver(frame);
        }
      } else {
        for (StreamSubscriber subscriber : members) {
          if (!excluded.equals(subscriber.sid())) {
            subscriber.deliver(frame);
          }
        }
      }
    }
  }
}
