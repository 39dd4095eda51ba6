package io.cablecluster.node.operators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.core.metrics.MetricNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/METRICS.md names every metric the node declares, so operators can look each one up. */
class MetricsDocTest {

  @Test
  @DisplayName("Verifies that every metric name in MetricNames is explained in docs/METRICS.md")
  void everyDeclaredMetricIsDocumented() throws Exception {
    Path dir = Path.of("").toAbsolutePath();
    while (!Files.exists(dir.resolve("docs/METRICS.md"))) {
      dir = dir.getParent();
    }
    String doc = Files.readString(dir.resolve("docs/METRICS.md"));
    Set<String> missing = new TreeSet<>();
    for (Field field : MetricNames.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        String name = (String) field.get(null);
        String shown = name.equals(MetricNames.EVENT_LOOP_DELAY) || name.equals(MetricNames.RPC_CALL_DURATION)
            ? name + "_seconds" : name;
        if (!doc.contains("`" + shown + "`")) {
          missing.add(shown);
        }
      }
    }
    assertEquals(Set.of(), missing, "metrics without a line in docs/METRICS.md");
  }
}
