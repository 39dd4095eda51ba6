package io.cablecluster.node.hostile;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.InProcessNode;
import io.cablecluster.testkit.NodeJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

  /** Runs a jcmd command (e.g. GC.run) in a node JVM and returns what it printed. */
  static String jcmd(NodeJvm node, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(jcmd.toString(), Long.toString(node.pid()), command)
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        throw new AssertionError("jcmd " + command + " did not finish");
      }
      return output;
    } catch (IOException e) {
      throw new AssertionError("jcmd " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
