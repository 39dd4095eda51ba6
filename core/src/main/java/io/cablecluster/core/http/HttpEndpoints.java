package io.cablecluster.core.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.ext.web.Router;
import java.util.List;

/** One HTTP server instance as a role sees it while mounting: a router and WebSocket paths. */
public interface HttpEndpoints {

  int port();

  Vertx vertx();

  Router router();

  /** Options of the server being built; roles may tune them while mounting (e.g. frame size limits). */
  HttpServerOptions serverOptions();

  /**
   * Serves WebSockets on {@code path}, offering {@code subProtocols} (the server echoes the first one the
   * client offered that it supports; none when the client offered none of them). {@code check} may reject the handshake (return a status code) or
   * return 0 to accept; the socket then goes to {@code handler} on this instance's event loop.
   */
  void webSocket(String path, List<String> subProtocols, HandshakeCheck check, Handler<ServerWebSocket> handler);

  /**
   * Runs {@code handler} for every connection this server accepts, on its event loop, before its first
   * request is read (e.g. to adjust the connection's WebSocket extension negotiation).
   */
  void connectionHandler(Handler<HttpConnection> handler);

  @FunctionalInterface
  interface HandshakeCheck {
    /** 0 to accept, or the HTTP status to refuse the upgrade with. */
    int check(ServerWebSocketHandshake handshake);
  }
}
