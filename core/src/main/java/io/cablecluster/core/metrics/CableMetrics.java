package io.cablecluster.core.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The node's metrics, under AnyCable-Go's names ({@link MetricNames}, every name prefixed
 * {@code anycable_go_}) so existing dashboards keep working. One instance per node, shared by all roles.
 * Hot paths resolve their {@link Counter} once with {@link #counter} and keep it in a field.
 */
public final class CableMetrics {
  private static final String PREFIX = "anycable_go_";
  private static final String TOTAL = "_total";
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  public CableMetrics(Map<String, String> tags) {
    tags.forEach((k, v) -> registry.config().commonTags(k, v));
  }

  /**
   * A counter by its AnyCable name, e.g. {@link MetricNames#CLIENT_MSG_TOTAL}, registered on first use
   * (so it is scraped as 0 before anything happened). Call it once and keep the result.
   */
  public Counter counter(String name) {
    // Prometheus adds "_total" to counters itself, so the meter is registered without it.
    return counters.computeIfAbsent(name, n -> Counter.builder(PREFIX + withoutTotal(n)).register(registry));
  }

  /** Slow path, a map look-up per call: for tests and rare events; hot paths keep their {@link Counter}. */
  public void increment(String name) {
    counter(name).increment();
  }

  /** A counter whose count is kept elsewhere (a monotonic {@code value}, read on scrape). */
  public void countedBy(String name, Supplier<Number> value) {
    FunctionCounter.builder(PREFIX + withoutTotal(name), value, v -> v.get().doubleValue()).register(registry);
  }

  /** A gauge read on scrape; the supplier must be thread-safe and cheap. */
  public void gauge(String name, Supplier<Number> value) {
    Gauge.builder(PREFIX + name, value).register(registry);
  }

  /**
   * A distribution of durations (exported as a Prometheus summary: {@code _count}, {@code _sum}, {@code _max},
   * in seconds) under {@code anycable_go_<name>_seconds}. Resolve once and keep it.
   */
  public Timer timer(String name) {
    return Timer.builder(PREFIX + name).register(registry);
  }

  /** The underlying registry, for Micrometer's own binders (JVM, process); names there stay Micrometer's. */
  public MeterRegistry registry() {
    return registry;
  }

  /** A counter's current value (tests). */
  public double count(String name) {
    return counter(name).count();
  }

  /**
   * A counter's or gauge's current value by its AnyCable name, or NaN when nothing registered it (read-only:
   * unlike {@link #counter} it never registers one, so the status page cannot add meters to a scrape).
   */
  public double value(String name) {
    var counter = registry.find(PREFIX + withoutTotal(name)).counter();
    if (counter != null) {
      return counter.count();
    }
    var gauge = registry.find(PREFIX + name).gauge();
    return gauge != null ? gauge.value() : Double.NaN;
  }

  /** Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  private static String withoutTotal(String name) {
    return name.endsWith(TOTAL) ? name.substring(0, name.length() - TOTAL.length()) : name;
  }
}
