package io.cablecluster.broadcaster.events;

import io.cablecluster.broadcaster.http.RawBody;
import io.cablecluster.core.Addresses;
import io.cablecluster.core.Secrets;
import io.cablecluster.core.http.HttpEndpoints;
import io.cablecluster.core.json.JsonDepth;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * {@code POST /events/<event-name>} with a JSON body sends {@code {"type":"<event:name>","payload":<body>}}
 * (dashes in the name become colons) to every WebSocket connected at {@code /ws} on any node. The POSTing
 * node publishes the finished frame once on {@link Addresses#WS_EVENTS}; each node's single clustered
 * consumer hands it to its HTTP instances through a node-local address, and each instance writes to its
 * own sockets on its own event loop.
 */
public final class EventService {
  private static final String LOCAL_ADDRESS = Addresses.WS_EVENTS + ".local";
  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
  private final Vertx vertx;
  private final EventsConfig config;
  private final Counter events;
  private final Counter delivered;
  private final Counter dropped;
  private final Counter failed;
  private final AtomicInteger clients = new AtomicInteger();
  private final DeliveryOptions local = new DeliveryOptions().setLocalOnly(true);
  private MessageConsumer<String> clusterConsumer;

  public EventService(Vertx vertx, EventsConfig config, CableMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.events = metrics.counter(MetricNames.WS_EVENTS_TOTAL);
    this.delivered = metrics.counter(MetricNames.WS_EVENTS_DELIVERED_TOTAL);
    this.dropped = metrics.counter(MetricNames.WS_EVENTS_DROPPED_TOTAL);
    this.failed = metrics.counter(MetricNames.WS_EVENTS_FAILED_TOTAL);
    metrics.gauge(MetricNames.WS_EVENTS_CLIENTS, clients::get);
  }

  public Future<Void> start() {
    clusterConsumer = vertx.eventBus().<String>consumer(Addresses.WS_EVENTS,
        message -> vertx.eventBus().publish(LOCAL_ADDRESS, message.body(), local));
    return clusterConsumer.completion();
  }

  public Future<Void> stop() {
    return clusterConsumer == null ? Future.succeededFuture() : clusterConsumer.unregister();
  }

  /** Runs on one HTTP instance's event loop; its sockets are only touched there. */
  public void mount(HttpEndpoints endpoints) {
    Set<ServerWebSocket> sockets = new HashSet<>();
    endpoints.vertx().eventBus().<String>localConsumer(LOCAL_ADDRESS, message -> deliver(sockets, message.body()));
    endpoints.webSocket(config.wsPath(), List.of(), handshake -> 0, socket -> {
      sockets.add(socket);
      clients.incrementAndGet();
      socket.closeHandler(v -> {
        if (sockets.remove(socket)) {
          clients.decrementAndGet();
        }
      });
      // Clients only listen; whatever they send is read and dropped so their buffers never fill.
      socket.handler(buffer -> { });
    });
    String route = config.eventsPath() + "/:event";
    // The key is checked before a byte of the body is read; the body is then read as bytes whatever its
    // Content-Type (no form or multipart decoding, which Vert.x Web's BodyHandler would do first).
    endpoints.router().post(route)
        .handler(this::authorize)
        .handler(RawBody.reader(config.maxBodyBytes(), "body larger than the events size limit"))
        .handler(this::publish);
    endpoints.router().route(route).handler(ctx -> reply(ctx, 405, new JsonObject().put("error", "use POST")));
  }

  private void deliver(Set<ServerWebSocket> sockets, String frame) {
    for (ServerWebSocket socket : sockets) {
      if (socket.writeQueueFull()) {
        // A client that does not read loses events instead of growing our memory.
        dropped.increment();
      } else {
        socket.writeTextMessage(frame);
        delivered.increment();
      }
    }
  }

  private void authorize(RoutingContext ctx) {
    if (config.key() != null
        && !Secrets.constantTimeEquals("Bearer " + config.key(), ctx.request().getHeader("authorization"))) {
      RawBody.closeAfterAnswerUnlessRead(ctx);
      reply(ctx, 401, new JsonObject().put("error", "missing or wrong Authorization: Bearer <events key>"));
      return;
    }
    ctx.next();
  }

  private void publish(RoutingContext ctx) {
    String name = ctx.pathParam("event");
    if (name == null || !EVENT_NAME.matcher(name).matches()) {
      reply(ctx, 400, new JsonObject().put("error", "event names use letters, digits, _ . : -"));
      return;
    }
    String body = RawBody.of(ctx).toString();
    Object payload = null;
    if (body != null && !body.isBlank()) {
      if (!JsonDepth.withinLimit(body)) {
        failed.increment();
        reply(ctx, 400, new JsonObject().put("error", JsonDepth.tooDeep()));
        return;
      }
      try {
        payload = Json.decodeValue(body);
      } catch (DecodeException e) {
        failed.increment();
        reply(ctx, 400, new JsonObject().put("error", "body is not valid JSON"));
        return;
      }
    }
    String type = name.replace('-', ':');
    String frame = new JsonObject().put("type", type).put("payload", payload).encode();
    vertx.eventBus().publish(Addresses.WS_EVENTS, frame);
    events.increment();
    reply(ctx, 202, new JsonObject().put("type", type));
  }

  private static void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }
}
