package io.cablecluster.core;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.http.AdmissionConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Node-wide options: where the node listens, who may connect there ({@link AdmissionConfig}), which roles it
 * runs, how it drains and reports metrics.
 */
public record NodeConfig(String host, int port, String healthPath, String metricsPath, int metricsPort,
                         List<String> roles, int httpInstances, int shutdownTimeoutSeconds,
                         int shutdownDelaySeconds, Map<String, String> metricsTags, AdmissionConfig admission,
                         String metricsKey, String readinessPath) {

  public static final List<String> ALL_ROLES = List.of("gateway", "broadcaster", "rpc-bridge");

  public static final Option<String> HOST = Option.string("host", "localhost", "where the node listens");
  public static final Option<Integer> PORT = Option.integer("port", 8080, 0, 65535, "where the node listens")
      .env("PORT");
  public static final Option<String> HEALTH_PATH = Option.string("health_path", "/health",
      "200 Running, 503 when a role is unhealthy");
  public static final Option<String> METRICS_HTTP = Option.string("metrics_http", "",
      "path of the Prometheus endpoint (e.g. /metrics); off when empty").defaultShownAs("off");
  public static final Option<Integer> METRICS_PORT = Option.integer("metrics_port", 8080, 0, 65535,
      "port of the Prometheus endpoint").defaultShownAs("main port");
  public static final Option<List<String>> METRICS_TAGS = Option.list("metrics_tags", List.of(),
      "key:value tags added to every metric");
  public static final Option<String> METRICS_KEY = Option.string("metrics_key", "",
      "bearer key of the metrics endpoint (Authorization: Bearer <key> or ?key=<key>, else 401); off when empty")
      .defaultShownAs("off");
  public static final Option<String> READINESS_PATH = Option.string("readiness_path", "/readiness",
      "200 when the node may take traffic (joined, not draining, Redis up on ingest-only nodes), else 503");
  public static final Option<List<String>> ROLES = Option.list("roles", ALL_ROLES,
      "which roles this node runs");
  public static final Option<Integer> HTTP_INSTANCES = Option.integer("http_instances", 1, 1, 256,
      "HTTP server instances (event loops) per port").defaultShownAs("cores");
  public static final Option<Integer> SHUTDOWN_TIMEOUT = Option.integer("shutdown_timeout", 30, 0, 3600,
      "graceful drain limit, seconds");
  public static final Option<Integer> SHUTDOWN_DELAY = Option.integer("shutdown_delay", 0, 0, 3600,
      "seconds the node keeps serving, not ready, before it drains");

  public static NodeConfig from(Settings s) {
    int port = PORT.read(s);
    List<String> roles = ROLES.read(s);
    for (String role : roles) {
      if (!ALL_ROLES.contains(role)) {
        throw ConfigException.invalid(ROLES.name(), String.join(",", roles),
            "a comma list of " + String.join(", ", ALL_ROLES));
      }
    }
    String metrics = METRICS_HTTP.read(s);
    if (!metrics.isEmpty() && !metrics.startsWith("/")) {
      throw ConfigException.invalid(METRICS_HTTP.name(), metrics, "a path starting with / (e.g. /metrics)");
    }
    String health = HEALTH_PATH.read(s);
    if (!health.startsWith("/")) {
      throw ConfigException.invalid(HEALTH_PATH.name(), health, "a path starting with /");
    }
    String readiness = READINESS_PATH.read(s);
    if (!readiness.startsWith("/") || readiness.equals(health)) {
      throw ConfigException.invalid(READINESS_PATH.name(), readiness, "a path starting with /, not health_path");
    }
    return new NodeConfig(
        HOST.read(s),
        port,
        health,
        metrics,
        METRICS_PORT.read(s, port),
        roles,
        HTTP_INSTANCES.read(s, Runtime.getRuntime().availableProcessors()),
        SHUTDOWN_TIMEOUT.read(s),
        SHUTDOWN_DELAY.read(s),
        metricTags(METRICS_TAGS.read(s)),
        AdmissionConfig.from(s),
        METRICS_KEY.read(s),
        readiness);
  }

  public boolean runs(String role) {
    return roles.contains(role);
  }

  private static Map<String, String> metricTags(List<String> pairs) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String pair : pairs) {
      int eq = pair.indexOf(':') >= 0 ? pair.indexOf(':') : pair.indexOf('=');
      if (eq <= 0) {
        throw ConfigException.invalid(METRICS_TAGS.name(), pair, "a comma list of key:value pairs");
      }
      tags.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    return Collections.unmodifiableMap(tags);
  }
}
