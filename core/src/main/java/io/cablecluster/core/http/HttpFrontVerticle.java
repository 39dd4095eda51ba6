package io.cablecluster.core.http;

import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.Role;
import io.cablecluster.core.health.Readiness;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.core.metrics.MetricsAccess;
import io.micrometer.core.instrument.Counter;
import io.cablecluster.core.status.StatusPage;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.ext.web.Router;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP server instance on one port (the node deploys one per event loop per port): health, metrics,
 * and whatever the roles mount. WebSocket upgrades are matched by exact path before the handshake, so an
 * unknown path is refused with 404 instead of being upgraded. Every connection passes the node's
 * {@link ConnectionAdmission} first ({@code max_conn}, header and idle timeouts), every handshake its Origin check.
 */
public final class HttpFrontVerticle extends VerticleBase implements HttpEndpoints {
  private final int port;
  private final NodeConfig node;
  private final List<Role> roles;
  private final CableMetrics metrics;
  private final ConnectionAdmission admission;
  private final StatusPage statusPage;
  private final Readiness readiness;
  private final HttpServerOptions options = new HttpServerOptions();
  private final Map<String, WebSocketRoute> webSockets = new HashMap<>();
  private final Set<String> subProtocols = new LinkedHashSet<>();
  private final List<Handler<HttpConnection>> connectionHandlers = new ArrayList<>();
  private Router router;
  private HttpServer server;

  private record WebSocketRoute(HandshakeCheck check, Handler<ServerWebSocket> handler) {
  }

  public HttpFrontVerticle(int port, NodeConfig node, List<Role> roles, CableMetrics metrics,
                           ConnectionAdmission admission, Readiness readiness, StatusPage statusPage) {
    this.readiness = readiness;
    this.port = port;
    this.node = node;
    this.roles = roles;
    this.metrics = metrics;
    this.admission = admission;
    this.statusPage = statusPage;
  }

  @Override
  public Future<?> start() {
    router = Router.router(vertx);
    router.route(node.healthPath()).handler(ctx -> {
      boolean healthy = roles.stream().allMatch(Role::healthy);
      ctx.response().setStatusCode(healthy ? 200 : 503)
          .putHeader("content-type", "text/plain")
          .end(healthy ? "Running" : "Unhealthy");
    });
    router.get(node.readinessPath()).handler(ctx -> readiness.report().onComplete(ar -> {
      Readiness.Report report = ar.result();
      ctx.response().setStatusCode(report.ready() ? 200 : 503)
          .putHeader("content-type", "application/json")
          .end(report.body().encode());
    }));
    if (!node.metricsPath().isEmpty() && node.metricsPort() == port) {
      Counter refused = metrics.counter(MetricNames.METRICS_UNAUTHORIZED_TOTAL);
      router.get(node.metricsPath()).handler(ctx -> {
        if (!MetricsAccess.permits(node, ctx.request())) {
          refused.increment();
          MetricsAccess.refuse(ctx.request());
          return;
        }
        ctx.response()
            .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
            .end(metrics.scrape());
      });
      // The live status page (/_status) is exactly as exposed as /metrics: same port, same key, only when metrics are on.
      statusPage.mount(router, request -> MetricsAccess.permits(node, request), refused::increment);
    }
    options.setHost(node.host()).setPort(port)
        .setTcpNoDelay(true)
        .setReuseAddress(true)
        // Vert.x's idle timeout would cut quiet WebSockets too: ConnectionGuard times HTTP connections only.
        .setIdleTimeout(0)
        // Per-connection buffers dominate idle memory at tens of thousands of sockets.
        .setReceiveBufferSize(16 * 1024)
        .setSendBufferSize(64 * 1024)
        // No WebSocket compression unless a role turns it on for its port (and bounds the inflated size):
        // Vert.x offers both deflate extensions by default, with no limit on what a frame inflates to.
        .setPerFrameWebSocketCompressionSupported(false)
        .setPerMessageWebSocketCompressionSupported(false);
    for (Role role : roles) {
      role.mount(this);
    }
    // HTTP/1.1 only, on every port: no h2c (prior knowledge or Upgrade), like AnyCable-Go's net/http server
    // without TLS. Set after the roles mount so none of them can turn it back on.
    options.setHttp2ClearTextEnabled(false);
    if (!subProtocols.isEmpty()) {
      options.setWebSocketSubProtocols(new ArrayList<>(subProtocols));
    }
    server = vertx.createHttpServer(options)
        .connectionHandler(connection -> admission.accept(port, connection))
        .webSocketHandshakeHandler(this::handshake)
        .webSocketHandler(this::webSocket)
        .requestHandler(router);
    if (!connectionHandlers.isEmpty()) {
      List<Handler<HttpConnection>> handlers = List.copyOf(connectionHandlers);
      server.connectionHandler(connection -> handlers.forEach(handler -> handler.handle(connection)));
    }
    return server.listen();
  }

  private void handshake(ServerWebSocketHandshake handshake) {
    WebSocketRoute route = webSockets.get(handshake.path());
    if (route == null) {
      handshake.reject(404);
      return;
    }
    // Origin and heap first, for every WebSocket path whichever role mounted it; then the route's own rules.
    int refusal = admission.checkOrigin(handshake);
    if (refusal == 0) {
      refusal = admission.checkHeap(handshake);
    }
    if (refusal == 0) {
      refusal = route.check().check(handshake);
    }
    if (refusal != 0) {
      handshake.reject(refusal);
    } else {
      handshake.accept();
    }
  }

  private void webSocket(ServerWebSocket socket) {
    WebSocketRoute route = webSockets.get(socket.path());
    if (route == null) {
      socket.close((short) 1008, "Unknown path");
      return;
    }
    route.handler().handle(socket);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The port actually bound (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Router router() {
    return router;
  }

  @Override
  public HttpServerOptions serverOptions() {
    return options;
  }

  @Override
  public void webSocket(String path, List<String> protocols, HandshakeCheck check, Handler<ServerWebSocket> handler) {
    webSockets.put(path, new WebSocketRoute(check, handler));
    subProtocols.addAll(protocols);
  }

  @Override
  public void connectionHandler(Handler<HttpConnection> handler) {
    connectionHandlers.add(handler);
  }

}
