package io.cablecluster.broadcaster.events;

import io.cablecluster.broadcaster.http.RawBody;
import io.cablecluster.core.Addresses;
import io.cablecluster.core.Secrets;
import io.cablecluster.core.http.HttpEndpoints;
import io.cablecluster.core.json.JsonDepth;
import io.cablecluster.core.log.RateLimitedLog;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * {@code POST /events/<event-name>} with a JSON body sends {@code {"type":"<event:name>","payload":<body>}}
 * (dashes in the name become colons) to every WebSocket connected at {@code /ws} on any node. The POSTing
 * node publishes the finished frame once on {@link Addresses#WS_EVENTS}; each node's single clustered
 * consumer hands it to its HTTP instances through a node-local address, and each instance writes to its
 * own sockets on its own event loop.
 *
 * <p>When keyed ({@link EventsConfig}), a POST needs {@code Authorization: Bearer <events key>} and a {@code /ws}
 * handshake the listen key, as {@code ?key=<listen key>} (browsers cannot set headers on a WebSocket) or
 * {@code Authorization: Bearer <listen key>}; anything else is a 401, counted in
 * {@code ws_events_unauthorized_total} and logged at most once per 10 s. Origin ({@code allowed_origins}) and
 * {@code max_conn} are the HTTP front's, applied to {@code /ws} as to every WebSocket path.
 */
public final class EventService {
  private static final Logger LOG = Logger.getLogger(EventService.class.getName());
  private static final RateLimitedLog UNAUTHORIZED = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private static final String LOCAL_ADDRESS = Addresses.WS_EVENTS + ".local";
  private static final Pattern EVENT_NAME = Pattern.compile("[A-Za-z0-9_.:-]{1,200}");
  private final Vertx vertx;
  private final EventsConfig config;
  private final Counter events;
  private final Counter delivered;
  private final Counter dropped;
  private final Counter failed;
  private final Counter unauthorized;
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
    this.unauthorized = metrics.counter(MetricNames.WS_EVENTS_UNAUTHORIZED_TOTAL);
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
    endpoints.webSocket(config.wsPath(), List.of(), this::admitListener, socket -> {
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

  /** 0 when the listener presented the listen key (or none is needed), else 401. */
  private int admitListener(ServerWebSocketHandshake handshake) {
    String listenKey = config.listenKey();
    if (listenKey == null) {
      return 0;
    }
    String bearer = handshake.headers().get("authorization");
    if (Secrets.constantTimeEquals("Bearer " + listenKey, bearer)
        || Secrets.constantTimeEquals(listenKey, queryKey(handshake.query()))) {
      return 0;
    }
    refused("/ws handshake");
    return 401;
  }

  private static String queryKey(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    List<String> values = new QueryStringDecoder(query, false).parameters().get(EventsConfig.LISTEN_PARAM);
    return values == null || values.size() != 1 ? null : values.get(0);
  }

  private void refused(String what) {
    unauthorized.increment();
    UNAUTHORIZED.log(n -> "event service: " + what + " refused (401) without the right key; " + n
        + " refusal(s) since the last such line");
  }

  private void authorize(RoutingContext ctx) {
    if (config.key() != null
        && !Secrets.constantTimeEquals("Bearer " + config.key(), ctx.request().getHeader("authorization"))) {
      refused("POST " + config.eventsPath());
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
