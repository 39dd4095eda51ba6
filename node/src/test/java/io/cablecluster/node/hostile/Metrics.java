package io.cablecluster.node.hostile;

import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One counter read from the node's Prometheus endpoint ({@code metrics_http=/metrics}). */
final class Metrics {
  private Metrics() {
  }

  static double value(InProcessNode node, String name) {
    String text = node.request(HttpMethod.GET, "/metrics", null, Map.of()).body();
    Matcher m = Pattern.compile("(?m)^anycable_go_" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(2)) : 0.0;
  }
}
