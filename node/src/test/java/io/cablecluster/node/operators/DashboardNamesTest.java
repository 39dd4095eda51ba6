package io.cablecluster.node.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.broadcaster.redis.RedisServer;
import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Grafana dashboard ({@code deploy/grafana/cable-cluster.json}) cannot drift from the node: every series
 * its queries name is in a real scrape of a node running every role, with the memory broker, RPC and Redis.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DashboardNamesTest {
  private static final Pattern QUERIED = Pattern.compile("\\b((?:anycable_go|jvm|process|system)_[a-z0-9_]+)");
  private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

  @Test
  @DisplayName("Verifies that every metric name the dashboard's queries use is in the node's /metrics scrape")
  void everyQueriedMetricIsScraped() throws Exception {
    Set<String> queried = queriedNames(dashboard());
    assertTrue(queried.size() > 40, "the dashboard queries " + queried);
    try (RedisServer redis = RedisServer.start();
         InProcessNode node = Nodes.start(Map.of("metrics_http", "/metrics", "broker", "memory",
             "redis_url", redis.url(), "broadcast_adapter", "http,redis,redisx", "broadcast_key", "k",
             "rpc_host", "http://127.0.0.1:9/_anycable"))) {
      // GC pauses are registered by the first collection Micrometer hears of.
      System.gc();
      Await.until("a GC pause in the scrape", Duration.ofSeconds(10),
          () -> scrape(node).contains("jvm_gc_pause_seconds_max"));
      Set<String> scraped = new TreeSet<>();
      Matcher m = SERIES.matcher(scrape(node));
      while (m.find()) {
        scraped.add(m.group(1));
      }
      Set<String> missing = new TreeSet<>(queried);
      missing.removeAll(scraped);
      assertEquals(Set.of(), missing, "queried by the dashboard but not scraped");
    }
  }

  private static String scrape(InProcessNode node) {
    return node.request(HttpMethod.GET, "/metrics", null, Map.of()).body();
  }

  private static JsonObject dashboard() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("deploy/grafana/cable-cluster.json"))) {
      dir = dir.getParent();
    }
    return new JsonObject(Files.readString(dir.resolve("deploy/grafana/cable-cluster.json")));
  }

  private static Set<String> queriedNames(JsonObject dashboard) {
    Set<String> names = new TreeSet<>();
    for (Object panel : dashboard.getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) panel).getJsonArray("targets", new JsonArray());
      for (Object target : targets) {
        Matcher m = QUERIED.matcher(((JsonObject) target).getString("expr"));
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }
}
