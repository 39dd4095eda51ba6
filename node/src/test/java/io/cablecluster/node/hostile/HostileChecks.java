package io.cablecluster.node.hostile;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.InProcessNode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the hostile tests read back from a node: its Prometheus metrics, scraped in-process (the same text as
 * {@code /metrics}) so that reading them never takes one of the node's connections (max_conn counts them).
 */
final class HostileChecks {
  private HostileChecks() {
  }

  /** The value of one metric (tags ignored) on {@code /metrics}, or -1 when it is not there. */
  static double metric(InProcessNode node, String name) {
    String body = node.runtime().context().metrics().scrape();
    Matcher value = Pattern.compile("(?m)^anycable_go_" + name + "(\\{[^}]*})? (\\S+)$").matcher(body);
    return value.find() ? Double.parseDouble(value.group(2)) : -1;
  }

  /** Waits (bounded) until the metric reads {@code expected}. */
  static void awaitMetric(InProcessNode node, String name, double expected) {
    Await.until(name + " == " + expected, Duration.ofSeconds(10), () -> metric(node, name) == expected);
  }

  /** Whether a failure (or one of its causes) mentions the HTTP status. */
  static boolean mentions(Throwable failure, String status) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains(status)) {
        return true;
      }
    }
    return false;
  }
}
