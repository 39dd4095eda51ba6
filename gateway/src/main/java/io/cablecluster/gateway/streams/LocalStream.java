package io.cablecluster.gateway.streams;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.StreamPosition;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.protocol.JsonText;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One stream's subscribers on this node, grouped by event loop and then by (encoding, identifier),
 * behind one node-local event-bus consumer. A broadcast is decoded once, each (encoding, identifier)
 * frame is encoded once, and every event loop gets one task carrying the frames for its connections.
 */
final class LocalStream {
  final String name;
  /** Event loop → (encoder, identifier) → group; inner maps are read (keys only) by the consumer's loop. */
  private final Map<Context, Map<FrameKey, SubscriberGroup>> byContext = new ConcurrentHashMap<>();
  private final Promise<Void> opened = Promise.promise();
  private MessageConsumer<Broadcast> consumer;
  private StreamSequencer sequencer;
  /** Guarded by the hub shard's lock. */
  int references;
  /** When the last subscriber left (nanos), while the hub lingers on the stream; guarded by the shard's lock. */
  long idleSince;

  LocalStream(String name) {
    this.name = name;
  }

  /** Completes once the stream's consumer is registered and the broker knows this node follows it. */
  Future<Void> ready() {
    return opened.future();
  }

  /**
   * Opens the stream, once, by the join that created it: consumer registered, broker told. Broadcasts reach
   * the fan-out through the stream's sequencer, which starts from the position the broker answers.
   */
  void open(Vertx vertx, Broker broker, SequencerSettings settings) {
    Context context = vertx.getOrCreateContext();
    sequencer = new StreamSequencer(this::fanOut, settings.surroundings(vertx, broker, name),
        settings.gapWaitMs(), settings.maxHeld());
    consumer = vertx.eventBus().<Broadcast>localConsumer(Addresses.stream(name),
        message -> sequencer.accept(message.body()));
    Future<StreamPosition> position = broker.subscribe(name);
    position.onComplete(at -> context.runOnContext(v -> sequencer.start(at.succeeded() ? at.result() : null)));
    Future.all(consumer.completion(), position).<Void>mapEmpty().onComplete(opened);
  }

  /**
   * Stops hearing the stream after its last subscriber left (the hub then tells the broker); waits for the
   * opening if it is still under way.
   */
  Future<Void> unregister() {
    return opened.future().transform(ar -> consumer.unregister());
  }

  /** Called on the subscriber's own event loop; false when the pair holds the stream already. */
  boolean add(StreamSubscriber subscriber, String identifier) {
    return byContext.computeIfAbsent(subscriber.context(), c -> new ConcurrentHashMap<>())
        .computeIfAbsent(new FrameKey(subscriber.encoder(), identifier), k -> new SubscriberGroup())
        .add(subscriber);
  }

  /** Called on the subscriber's own event loop; false when the pair did not hold the stream. */
  boolean remove(StreamSubscriber subscriber, String identifier) {
    Map<FrameKey, SubscriberGroup> groups = byContext.get(subscriber.context());
    if (groups == null) {
      return false;
    }
    FrameKey key = new FrameKey(subscriber.encoder(), identifier);
    SubscriberGroup group = groups.get(key);
    if (group == null || !group.remove(subscriber)) {
      return false;
    }
    if (group.isEmpty()) {
      groups.remove(key, group);
    }
    return true;
  }

  /** Runs on the consumer's event loop. */
  void fanOut(Broadcast broadcast) {
    String message = JsonText.message(broadcast.data());
    Map<FrameKey, WireFrame> frames = new HashMap<>();
    Context here = Vertx.currentContext();
    // All frames are built before any task is handed to another event loop: those tasks only read the map.
    for (Map<FrameKey, SubscriberGroup> groups : byContext.values()) {
      for (FrameKey key : groups.keySet()) {
        frames.computeIfAbsent(key, k -> k.encoder().data(k.identifier(), message, broadcast));
      }
    }
    for (Map.Entry<Context, Map<FrameKey, SubscriberGroup>> entry : byContext.entrySet()) {
      Map<FrameKey, SubscriberGroup> groups = entry.getValue();
      if (entry.getKey() == here) {
        deliver(groups, frames, message, broadcast);
      } else {
        entry.getKey().runOnContext(v -> deliver(groups, frames, message, broadcast));
      }
    }
  }

  /** Runs on the event loop that owns {@code groups}. */
  private static void deliver(Map<FrameKey, SubscriberGroup> groups, Map<FrameKey, WireFrame> frames,
                              String message, Broadcast broadcast) {
    String excluded = broadcast.excludeSocket();
    for (Map.Entry<FrameKey, SubscriberGroup> entry : groups.entrySet()) {
      FrameKey key = entry.getKey();
      WireFrame frame = frames.get(key);
      if (frame == null) {
        // Subscribed between the frame pass and this task: still a subscriber, build its frame here.
        frame = key.encoder().data(key.identifier(), message, broadcast);
      }
      StreamSubscriber[] members = entry.getValue().members();
      if (excluded == null) {
        for (StreamSubscriber subscriber : members) {
          subscriber.deliver(frame, key.identifier(), broadcast);
        }
      } else {
        for (StreamSubscriber subscriber : members) {
          if (!excluded.equals(subscriber.sid())) {
            subscriber.deliver(frame, key.identifier(), broadcast);
          }
        }
      }
    }
  }
}
