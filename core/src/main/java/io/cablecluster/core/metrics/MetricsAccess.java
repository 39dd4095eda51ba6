package io.cablecluster.core.metrics;

import io.cablecluster.core.NodeConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read the node's operator pages ({@code /metrics}, and the status page beside it): everyone while
 * {@code metrics_key} is unset (AnyCable-Go has no such key), else only a request carrying
 * {@code Authorization: Bearer <key>} or {@code ?key=<key>} (for scrapers that cannot set headers). Keys are
 * compared in constant time so a prober learns nothing from response timing.
 */
public final class MetricsAccess {
  private static final String BEARER = "Bearer ";

  private MetricsAccess() {
  }

  /** True when {@code request} may read the operator pages of a node configured as {@code node}. */
  public static boolean permits(NodeConfig node, HttpServerRequest request) {
    return permits(node.metricsKey(), request.getHeader(HttpHeaders.AUTHORIZATION), request.getParam("key"));
  }

  /** The same rule on the raw values (null when absent): for callers without a Vert.x request. */
  public static boolean permits(String key, String authorization, String queryKey) {
    if (key == null || key.isEmpty()) {
      return true;
    }
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
        && matches(key, authorization.substring(BEARER.length()).trim())) {
      return true;
    }
    return queryKey != null && matches(key, queryKey);
  }

  /** Answers a refused request: 401 with a challenge, and closes nothing (the connection may be kept alive). */
  public static void refuse(HttpServerRequest request) {
    request.response().setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer")
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain")
        .end("Unauthorized");
  }

  private static boolean matches(String key, String given) {
    return MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }
}
