package io.cablecluster.core.http;

import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import java.util.List;

/**
 * Who may hold a connection on the node's HTTP ports, applied by the HTTP front ({@link ConnectionAdmission}) to
 * every port and every WebSocket path alike, whichever role mounted it.
 *
 * @param maxConnections       accepted TCP connections per port (WebSockets, keep-alive HTTP, requests in
 *                             flight); 0 = no limit
 * @param allowedOrigins       {@link Origins} patterns a WebSocket handshake's Origin must match; empty = any
 * @param readHeaderTimeoutMs  how long a connection may take to send a request's headers; 0 = no limit
 * @param httpIdleTimeoutMs    how long a keep-alive HTTP connection may wait for its next request; 0 = no limit
 * @param maxHeapUsage         percent of the old generation in use after a collection above which WebSocket
 *                             handshakes get 503 ({@link HeapGuard}); 0 = no check
 */
public record AdmissionConfig(int maxConnections, List<String> allowedOrigins, long readHeaderTimeoutMs,
                              long httpIdleTimeoutMs, int maxHeapUsage) {

  /** AnyCable-Go's name; it counts accepted sockets too (golang.org/x/net/netutil.LimitListener), per port. */
  public static final Option<Integer> MAX_CONN = Option.integer("max_conn", 0, 0, 10_000_000,
      "TCP connections per port (WebSockets and HTTP); more are closed at once").defaultShownAs("0 (no limit)");
  public static final Option<List<String>> ALLOWED_ORIGINS = Option.list("allowed_origins", List.of(),
      "Origin hosts allowed to open a WebSocket, on every WebSocket path").defaultShownAs("any");
  /** AnyCable-Go hard-codes {@code http.Server.ReadHeaderTimeout: 5 * time.Second} (server/server.go). */
  public static final Option<Integer> READ_HEADER_TIMEOUT = Option.integer("read_header_timeout", 5, 0, 3600,
      "seconds a connection has to send a request's headers, else it is closed; 0 = no limit");
  /**
   * Not in AnyCable-Go (its server sets no IdleTimeout). 75 s as nginx's keepalive_timeout: longer than the
   * 60 s idle timeout of common load balancers, so they close first and never send on a closing socket.
   */
  public static final Option<Integer> HTTP_IDLE_TIMEOUT = Option.integer("http_idle_timeout", 75, 0, 86_400,
      "seconds a keep-alive HTTP connection may wait for its next request (WebSockets are exempt); 0 = no limit");

  /** Memory-based admission, as Hono's memory-based connection limit: refuse before the heap runs out. */
  public static final Option<Integer> MAX_HEAP_USAGE = Option.integer("max_heap_usage", 90, 0, 99,
      "percent of the old generation still in use after a collection above which WebSocket handshakes get 503; "
          + "0 = no check");

  public static AdmissionConfig from(Settings s) {
    return new AdmissionConfig(MAX_CONN.read(s), ALLOWED_ORIGINS.read(s), READ_HEADER_TIMEOUT.read(s) * 1000L,
        HTTP_IDLE_TIMEOUT.read(s) * 1000L, MAX_HEAP_USAGE.read(s));
  }
}
