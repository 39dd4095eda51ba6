package io.cablecluster.broadcaster.redis;

import io.cablecluster.broadcaster.BroadcastPayloads;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.logging.Logger;

/**
 * AnyCable's Redis pub/sub adapter: {@code PUBLISH __anycable__ <payload>}. Pub/sub has no history, so
 * messages published while the subscription is down are lost (as with AnyCable-Go).
 */
final class PubSubAdapter {
  private static final Logger LOG = Logger.getLogger(PubSubAdapter.class.getName());
  private final String channel;
  private final BusPublisher publisher;
  private final Counter messages;
  private final Counter failed;
  private final Handler<Throwable> onFailure;
  private boolean running;
  private RedisConnection subscriber;

  PubSubAdapter(String channel, BusPublisher publisher, CableMetrics metrics, Handler<Throwable> onFailure) {
    this.channel = channel;
    this.publisher = publisher;
    this.messages = metrics.counter(MetricNames.REDIS_PUBSUB_MESSAGES_TOTAL);
    this.failed = metrics.counter(MetricNames.FAILED_BROADCAST_MSG_TOTAL);
    this.onFailure = onFailure;
  }

  Future<Void> start(Redis redis) {
    running = true;
    return redis.connect().compose(connection -> {
      subscriber = connection;
      connection.handler(this::onMessage);
      connection.exceptionHandler(this::fail);
      connection.endHandler(v -> fail(new IllegalStateException("pub/sub connection closed")));
      return connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel));
    }).mapEmpty();
  }

  void stop() {
    running = false;
  }

  /** Stops listening but keeps Redis healthy: the subscription connection is dropped on purpose. */
  void unsubscribe() {
    running = false;
    if (subscriber != null) {
      subscriber.close();
      subscriber = null;
    }
  }

  private void onMessage(Response message) {
    if (!running || message == null || message.size() < 3 || !"message".equals(message.get(0).toString())) {
      return;
    }
    messages.increment();
    try {
      for (BusMessage bus : BroadcastPayloads.parse(message.get(2).toString())) {
        publisher.publish(bus, null).onFailure(e -> {
          failed.increment();
          LOG.warning("redis pub/sub: could not publish to " + channel + ": " + e.getMessage());
        });
      }
    } catch (IllegalArgumentException e) {
      failed.increment();
      LOG.warning("redis pub/sub: dropping message on " + channel + ": " + e.getMessage());
    }
  }

  private void fail(Throwable cause) {
    if (!running) {
      return;
    }
    running = false;
    onFailure.handle(cause);
  }
}
