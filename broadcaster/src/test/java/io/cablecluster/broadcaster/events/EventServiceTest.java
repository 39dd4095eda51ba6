package io.cablecluster.broadcaster.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cablecluster.broadcaster.BroadcasterRole;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.NodeRuntime;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plain-WebSocket event service through a real node front: WebSocket clients at /ws, POSTs to /events. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventServiceTest {
  private final Vertx vertx = Vertx.vertx();
  // Held in fields: Vert.x closes clients that are garbage collected, even mid-handshake.
  private final WebSocketClient webSockets = vertx.createWebSocketClient();
  private final HttpClient http = vertx.createHttpClient();
  private NodeRuntime node;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      await(node.stop());
    } else {
      await(vertx.close());
    }
  }

  private int startNode(Map<String, String> extra) throws Exception {
    Map<String, String> options = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "roles", "broadcaster",
        "http_instances", "2", "broadcast_key", "test-key", "events_key", "none"));
    options.putAll(extra);
    Settings settings = Settings.of(options);
    NodeContext context = new NodeContext(vertx, settings, NodeConfig.from(settings), new CableMetrics(Map.of()));
    node = await(new NodeRuntime(context, List.of(new BroadcasterRole(context))).start());
    return node.mainPort();
  }

  private BlockingQueue<String> listen(int port) throws Exception {
    return listen(port, "/ws");
  }

  private BlockingQueue<String> listen(int port, String uri) throws Exception {
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    WebSocket socket = await(webSockets.connect(port, "127.0.0.1", uri));
    socket.textMessageHandler(frames::add);
    return frames;
  }

  private HttpClientResponse post(int port, String path, String body, String auth) throws Exception {
    return await(http.request(HttpMethod.POST, port, "127.0.0.1", path).compose(req -> {
      if (auth != null) {
        req.putHeader("authorization", auth);
      }
      return req.send(body);
    }));
  }

  @Test
  @DisplayName("Verifies that an event posted to events reaches every WebSocket client with colons for dashes")
  void anEventPostedToEventsReachesEveryWebSocketClientWithColonsForDashes() throws Exception {
    int port = startNode(Map.of());
    BlockingQueue<String> first = listen(port);
    BlockingQueue<String> second = listen(port);
    awaitClients(2);

    HttpClientResponse response = post(port, "/events/todo-created", "{\"id\":1,\"title\":\"milk\"}", null);
    assertEquals(202, response.statusCode());
    JsonObject expected = new JsonObject().put("type", "todo:created")
        .put("payload", new JsonObject().put("id", 1).put("title", "milk"));
    assertEquals(expected, new JsonObject(first.poll(5, TimeUnit.SECONDS)));
    assertEquals(expected, new JsonObject(second.poll(5, TimeUnit.SECONDS)));
  }

  @Test
  @DisplayName("Verifies that a body that is not JSON is refused and nothing is sent")
  void aBodyThatIsNotJsonIsRefusedAndNothingIsSent() throws Exception {
    int port = startNode(Map.of());
    BlockingQueue<String> frames = listen(port);
    awaitClients(1);
    assertEquals(400, post(port, "/events/todo-created", "{oops", null).statusCode());
    assertEquals(400, post(port, "/events/bad%20name", "{}", null).statusCode());
    assertNull(frames.poll(300, TimeUnit.MILLISECONDS));
  }

  @Test
  @DisplayName("Verifies that a body nested deeper than the JSON depth limit is refused with 400 and a JSON error, and nothing is sent")
  void aDeeplyNestedBodyIsRefusedAndNothingIsSent() throws Exception {
    int port = startNode(Map.of());
    BlockingQueue<String> frames = listen(port);
    awaitClients(1);
    String deep = "[".repeat(900) + "]".repeat(900);
    // The body is asked for in the same chain as the response, on the client's event loop, so it cannot be missed.
    JsonObject answer = await(http.request(HttpMethod.POST, port, "127.0.0.1", "/events/deep").compose(req -> req.send(deep))
        .compose(response -> response.body().map(body -> new JsonObject().put("status", response.statusCode())
            .put("body", body.toString()))));
    assertEquals(400, answer.getInteger("status"));
    assertEquals(io.cablecluster.core.json.JsonDepth.tooDeep(), new JsonObject(answer.getString("body")).getString("error"));
    assertEquals(202, post(port, "/events/shallow", "{\"a\":[1]}", null).statusCode(), "the service keeps working");
    assertEquals("shallow", new JsonObject(frames.poll(5, TimeUnit.SECONDS)).getString("type"));
  }

  @Test
  @DisplayName("Verifies that with an events key only authorized posts are sent, to listeners that presented the listen key")
  void withAnEventsKeyOnlyAuthorizedPostsAreSent() throws Exception {
    int port = startNode(Map.of("events_key", "k3y"));
    String listenKey = io.cablecluster.core.Secrets.hmacHex("k3y", EventsConfig.LISTEN_PURPOSE);
    assertEquals(listenKey, EventsConfig.from(io.cablecluster.core.config.Settings.of(Map.of("events_key", "k3y")))
        .listenKey());
    BlockingQueue<String> frames = listen(port, "/ws?key=" + listenKey);
    awaitClients(1);
    assertEquals(401, post(port, "/events/ping", "{}", null).statusCode());
    assertEquals(202, post(port, "/events/ping", "[1,2]", "Bearer k3y").statusCode());
    assertEquals(new JsonObject().put("type", "ping").put("payload", new io.vertx.core.json.JsonArray("[1,2]")),
        new JsonObject(frames.poll(5, TimeUnit.SECONDS)));
  }

  private static <T> T await(Future<T> future) {
    return Await.result(future, Duration.ofSeconds(10));
  }

  /** The server registers a socket just after the client's handshake completes, telling only its gauge. */
  private void awaitClients(int count) {
    Await.until("the server to see " + count + " clients", Duration.ofSeconds(5),
        () -> node.context().metrics().scrape().lines()
            .anyMatch(l -> l.startsWith("anycable_go_ws_events_clients") && l.endsWith(" " + count + ".0")));
  }
}
