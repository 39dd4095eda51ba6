package io.cablecluster.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's metrics, under AnyCable-Go's names (every name prefixed {@code anycable_go_}) so existing
 * dashboards keep working. One instance per node, shared by all roles.
 */
public final class CableMetrics {
  private static final String PREFIX = "anycable_go_";
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public CableMetrics(Map<String, String> tags) {
    tags.forEach((k, v) -> registry.config().commonTags(k, v));
  }

  /** A counter by its AnyCable name, e.g. {@code client_msg_total}. */
  public Counter counter(String name) {
    String base = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    return counters.computeIfAbsent(base, n -> Counter.builder(PREFIX + n).register(registry));
  }

  public void increment(String name) {
    counter(name).increment();
  }

  /** A gauge read on scrape; the supplier must be thread-safe and cheap. */
  public void gauge(String name, Supplier<Number> value) {
    Gauge.builder(PREFIX + name, value).register(registry);
  }

  public double count(String name) {
    return counter(name).count();
  }

  /** Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
