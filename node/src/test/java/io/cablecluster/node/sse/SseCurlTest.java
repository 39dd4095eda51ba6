package io.cablecluster.node.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableNodeExtension;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** curl as a real SSE client ({@code curl -N}, as AnyCable-Go's docs/sse.md shows it). */
class SseCurlTest {
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("sse", "true", "public", "true",
      "http_broadcast_port", "0", "broker", "memory"));

  /** Runs curl, broadcasts once the subscription is confirmed, returns the lines read up to that message. */
  private static List<String> transcript(List<String> command, String stream) throws Exception {
    Process curl = new ProcessBuilder(command).redirectErrorStream(false).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(curl.getInputStream(), StandardCharsets.UTF_8))) {
      boolean sent = false;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
        if (!sent && line.isEmpty() && lines.stream().anyMatch(l -> l.equals("event: confirm_subscription"))) {
          sent = true;
          cable.node().broadcast(new JsonObject().put("stream", stream).put("data", "{\"text\":\"hello\"}").encode(), null);
        }
        if (line.startsWith("id: ")) {
          break;
        }
      }
    } finally {
      curl.destroy();
      curl.waitFor();
    }
    return lines;
  }

  @Test
  @DisplayName("Verifies that curl -N on GET /events?stream= reads welcome, confirm and the message with its id")
  void curlGetReadsWelcomeConfirmAndMessage() throws Exception {
    List<String> lines = transcript(List.of("curl", "-sN", "--max-time", "10",
        "http://127.0.0.1:" + cable.node().port() + "/events?stream=curl/get"), "curl/get");
    List<String> events = lines.stream().filter(l -> l.startsWith("event: ") && !l.equals("event: ping")).toList();
    assertEquals(List.of("event: welcome", "event: confirm_subscription"), events, String.join("\n", lines));
    assertTrue(lines.contains("data: {\"text\":\"hello\"}"), String.join("\n", lines));
    assertTrue(lines.get(lines.size() - 1).matches("id: 1/[^/]+/curl/get"), String.join("\n", lines));
  }

  @Test
  @DisplayName("Verifies that curl -N posting a JSON line reads the whole data frame")
  void curlPostReadsWholeFrame() throws Exception {
    String identifier = new JsonObject().put("channel", "$pubsub").put("stream_name", "curl/post").encode();
    List<String> lines = transcript(List.of("curl", "-sN", "--max-time", "10", "-d",
        new JsonObject().put("identifier", identifier).encode(),
        "http://127.0.0.1:" + cable.node().port() + "/events"), "curl/post");
    // The data line just before the id: confirm_subscription's frame starts with "identifier" too.
    String data = lines.get(lines.size() - 2);
    JsonObject frame = new JsonObject(data.substring("data: ".length()));
    assertEquals(identifier, frame.getString("identifier"));
    assertEquals(new JsonObject().put("text", "hello"), frame.getJsonObject("message"));
  }
}
