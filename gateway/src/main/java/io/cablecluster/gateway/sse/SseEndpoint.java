package io.cablecluster.gateway.sse;

import io.cablecluster.core.http.AdmissionConfig;
import io.cablecluster.core.http.HeapGuard;
import io.cablecluster.core.http.Origins;
import io.cablecluster.core.log.RateLimitedLog;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.identity.SessionIds;
import io.cablecluster.gateway.session.Gateway;
import io.cablecluster.gateway.session.Pinger;
import io.cablecluster.gateway.session.Session;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * The SSE endpoint (AnyCable-Go's {@code sse.SSEHandler}) on exactly {@code sse_path}: the request's
 * subscriptions are read first (400), then the client is authenticated as a WebSocket would be (401), then
 * subscribed (400 on a rejection); only then does the 200 stream start, with what was sent meanwhile. A
 * session under it is an ordinary {@link Session} (pings, drain, remote disconnect, slow-reader cut-off,
 * {@code max_subscriptions}) whose encoder is an {@link SseEncoder}. Admission as for WebSockets: an Origin
 * outside {@code allowed_origins} gets 403 (AnyCable-Go only leaves out the CORS header), a full heap or a
 * draining node 503; {@code max_conn} is the HTTP front's, per TCP connection.
 */
public final class SseEndpoint {
  private static final Logger LOG = Logger.getLogger(SseEndpoint.class.getName());
  private static final Set<HttpMethod> SERVED = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.OPTIONS);
  private final RateLimitedLog badLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private final RateLimitedLog refusedLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private final Gateway gateway;
  private final SseConfig config;
  private final List<String> allowedOrigins;
  private final HeapGuard heap;
  private final BooleanSupplier draining;
  private final Counter badRequests;
  private final Counter originRefused;
  private final Counter heapRefused;
  private final AtomicInteger clients = new AtomicInteger();

  public SseEndpoint(Gateway gateway, SseConfig config, AdmissionConfig admission, CableMetrics metrics,
                     BooleanSupplier draining) {
    this.gateway = gateway;
    this.config = config;
    this.allowedOrigins = admission.allowedOrigins();
    this.heap = HeapGuard.of(admission.maxHeapUsage());
    this.draining = draining;
    this.badRequests = metrics.counter(MetricNames.SSE_BAD_REQUESTS_TOTAL);
    this.originRefused = metrics.counter(MetricNames.ORIGIN_REFUSED_TOTAL);
    this.heapRefused = metrics.counter(MetricNames.HEAP_REFUSED_TOTAL);
    metrics.gauge(MetricNames.SSE_CLIENTS_NUM, clients::get);
  }

  public void mount(Router router) {
    router.route(config.path()).handler(this::handle);
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpServerResponse response = request.response();
    String origin = request.getHeader("origin");
    if (!Origins.allowed(origin, allowedOrigins)) {
      originRefused.increment();
      refusedLog.log(n -> "SSE request refused (403) for an Origin not in allowed_origins: " + n + " since the last such line");
      refuse(request, 403, "origin not allowed");
      return;
    }
    SseHeaders.cors(response, origin, allowedOrigins.isEmpty());
    if (!SERVED.contains(request.method())) {
      bad(request, 405, "use GET or POST");
      return;
    }
    if (request.method() == HttpMethod.OPTIONS) {
      refuse(request, 200, null);
      return;
    }
    if (draining.getAsBoolean()) {
      refuse(request, 503, "shutting down");
      return;
    }
    if (heap.atRisk()) {
      heapRefused.increment();
      refusedLog.log(n -> "SSE request refused (503): the heap is over max_heap_usage: " + n + " since the last such line");
      refuse(request, 503, "server is over its memory limit");
      return;
    }
    if (request.method() == HttpMethod.GET) {
      try {
        open(request, true, SseRequest.fromQuery(request.params(), request.getHeader("last-event-id"),
            gateway.config().pubsubChannel()));
      } catch (SseRequest.BadRequest e) {
        bad(request, 400, e.getMessage());
      } catch (IllegalArgumentException e) {
        // Vert.x refuses a query it cannot decode (a stray %): bad input, not a server error.
        bad(request, 400, "the query string is not URL-encoded");
      }
    } else {
      readBody(request);
    }
  }

  /** A POST body is read up to 64 kB (413 and the connection closed beyond), then parsed as JSON lines. */
  private void readBody(HttpServerRequest request) {
    Buffer body = Buffer.buffer();
    boolean[] over = {false};
    request.handler(chunk -> {
      if (over[0]) {
        return;
      }
      if ((long) body.length() + chunk.length() > config.maxBodySize()) {
        over[0] = true;
        bad(request, 413, "body over " + config.maxBodySize() + " bytes");
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> {
      if (over[0]) {
        return;
      }
      try {
        open(request, false, SseRequest.fromBody(body));
      } catch (SseRequest.BadRequest e) {
        bad(request, 400, e.getMessage());
      }
    });
    request.resume();
  }

  private void open(HttpServerRequest request, boolean get, List<String> commands) {
    String rawParam = request.getParam("raw");
    boolean raw = rawParam != null && List.of("1", "true", "t", "y").contains(rawParam.toLowerCase());
    SseConnection connection = new SseConnection(request, gateway.config().maxPendingBytes());
    // Never the client's X-Request-ID, as for WebSockets: a sid must be unique.
    Session session = new Session(gateway, connection, SessionIds.next(), false, SseEncoder.of(get, raw),
        RequestEnv.of(request, gateway.config()), new Pinger.Settings(-1, gateway.config().pingPrecision()));
    session.deliverInOrder();
    clients.incrementAndGet();
    connection.onClosed(() -> {
      clients.decrementAndGet();
      session.closed();
    });
    session.start().onComplete(ar -> {
      if (session.state() != Session.State.OPEN) {
        session.close((short) 1000, "");
        return;
      }
      connection.refuseWith(400);
      subscribe(session, connection, commands, 0);
    });
  }

  /** One subscription after the other, as AnyCable-Go; the first one not confirmed ends the request with 400. */
  private void subscribe(Session session, SseConnection connection, List<String> commands, int next) {
    if (session.state() != Session.State.OPEN) {
      return;
    }
    if (next == commands.size()) {
      connection.establish();
      return;
    }
    String command = commands.get(next);
    String identifier = new JsonObject(command).getString("identifier");
    gateway.commands().handle(session, command).onComplete(ar -> session.onContext(() -> {
      if (session.state() != Session.State.OPEN) {
        return;
      }
      if (session.subscriptions().get(identifier) == null) {
        LOG.fine(() -> session.logId() + ": SSE subscription refused, answering 400");
        session.close((short) 1000, "");
        return;
      }
      subscribe(session, connection, commands, next + 1);
    }));
  }

  /** Bad input: counted, one log line per 10 s, answered with the status and a JSON reason. */
  private void bad(HttpServerRequest request, int status, String why) {
    badRequests.increment();
    badLog.log(n -> "SSE request refused (" + status + "): " + why + " (" + n + " since the last such line)");
    refuse(request, status, why);
  }

  private static void refuse(HttpServerRequest request, int status, String error) {
    HttpServerResponse response = request.response();
    if (response.ended()) {
      return;
    }
    if (!request.isEnded()) {
      // An unread body must not be parsed as the next request.
      response.putHeader("connection", "close").endHandler(v -> request.connection().close());
    }
    response.setStatusCode(status);
    if (error == null) {
      response.putHeader("content-length", "0").end();
    } else {
      response.putHeader("content-type", "application/json").end(new JsonObject().put("error", error).encode());
    }
  }
}
