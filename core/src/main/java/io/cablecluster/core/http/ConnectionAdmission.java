package io.cablecluster.core.http;

import io.cablecluster.core.log.RateLimitedLog;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.netty.channel.Channel;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * The node's connection admission, one instance shared by every HTTP server instance of every port:
 * {@code max_conn} counts accepted TCP connections per port (as AnyCable-Go's LimitListener does; an event loop
 * cannot leave a connection waiting in the accept queue, so one over the limit is closed at once), every
 * connection gets its header-read and keep-alive idle timers ({@link ConnectionGuard}), and every WebSocket
 * handshake, whatever its path, is checked against {@code allowed_origins}. Each refusal is counted, and
 * logged at most once per 10 s per kind.
 */
public final class ConnectionAdmission {
  private static final Logger LOG = Logger.getLogger(ConnectionAdmission.class.getName());
  private final AdmissionConfig config;
  private final Map<Integer, AtomicInteger> open = new ConcurrentHashMap<>();
  private final Counter limitRefused;
  private final Counter originRefused;
  private final Counter heapRefused;
  private final HeapGuard heap;
  final Counter headerTimeouts;
  final Counter idleTimeouts;
  private final RateLimitedLog limitLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private final RateLimitedLog originLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private final RateLimitedLog heapLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  final RateLimitedLog headerLog = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);

  public ConnectionAdmission(AdmissionConfig config, CableMetrics metrics) {
    this.config = config;
    this.limitRefused = metrics.counter(MetricNames.CONN_LIMIT_REFUSED_TOTAL);
    this.originRefused = metrics.counter(MetricNames.ORIGIN_REFUSED_TOTAL);
    this.heapRefused = metrics.counter(MetricNames.HEAP_REFUSED_TOTAL);
    this.heap = HeapGuard.of(config.maxHeapUsage());
    this.headerTimeouts = metrics.counter(MetricNames.READ_HEADER_TIMEOUT_TOTAL);
    this.idleTimeouts = metrics.counter(MetricNames.HTTP_IDLE_TIMEOUT_TOTAL);
    metrics.gauge(MetricNames.HTTP_CONNECTIONS_NUM, this::openConnections);
  }

  public AdmissionConfig config() {
    return config;
  }

  /**
   * A connection was just accepted on {@code port} (Vert.x's connection handler, on its event loop, before any
   * request is read): it is counted until it closes, or closed at once when the port is full.
   */
  void accept(int port, HttpConnection connection) {
    Channel channel = ConnectionGuard.channelOf(connection);
    AtomicInteger count = open.computeIfAbsent(port, p -> new AtomicInteger());
    int now = count.incrementAndGet();
    if (config.maxConnections() > 0 && now > config.maxConnections()) {
      count.decrementAndGet();
      limitRefused.increment();
      limitLog.log(n -> "max_conn (" + config.maxConnections() + ") reached on port " + port + ": " + n
          + " connection(s) closed at accept since the last such line");
      if (channel != null) {
        channel.close();
      } else {
        connection.close();
      }
      return;
    }
    if (channel == null) {
      connection.closeHandler(v -> count.decrementAndGet());
      return;
    }
    channel.closeFuture().addListener(f -> count.decrementAndGet());
    ConnectionGuard.install(channel, this);
  }

  /** 0 when the handshake's Origin is allowed (or it sent none), else 403, counted. */
  int checkOrigin(ServerWebSocketHandshake handshake) {
    String origin = handshake.headers().get("origin");
    if (Origins.allowed(origin, config.allowedOrigins())) {
      return 0;
    }
    originRefused.increment();
    originLog.log(n -> "WebSocket handshake refused (403) for an Origin not in allowed_origins on " + handshake.path()
        + ": " + n + " since the last such line");
    return 403;
  }

  /** 0 while the heap has room, else 503, counted: a new connection must not be the one that runs it out. */
  int checkHeap(ServerWebSocketHandshake handshake) {
    if (!heap.atRisk()) {
      return 0;
    }
    heapRefused.increment();
    heapLog.log(n -> "WebSocket handshake refused (503): the heap is over max_heap_usage (" + config.maxHeapUsage()
        + " %) after a collection on " + handshake.path() + ": " + n + " since the last such line");
    return 503;
  }

  /** Open accepted connections on every port. */
  public int openConnections() {
    int total = 0;
    for (AtomicInteger count : open.values()) {
      total += count.get();
    }
    return total;
  }
}
