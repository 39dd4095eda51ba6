package io.cablecluster.core.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket client for tests, used from the test thread: frames are queued as they arrive and
 * read with timeouts. Pings can be skipped, like anyt's default client.
 */
public final class CableTestClient implements AutoCloseable {
  public static final String PROTOCOL = "actioncable-v1-json";
  private static final long WAIT_MS = 5000;
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();

  /** How the server closed the socket. */
  public record Closed(Short code, String reason) {
  }

  private CableTestClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(frames::add);
    socket.closeHandler(v -> closed.complete(new Closed(socket.closeStatusCode(), socket.closeReason())));
  }

  public static CableTestClient connect(Vertx vertx, int port, String uri) {
    return connect(vertx, port, uri, List.of(PROTOCOL), MultiMap.caseInsensitiveMultiMap());
  }

  public static CableTestClient connect(Vertx vertx, int port, String uri, List<String> protocols, MultiMap headers) {
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(16 * 1024 * 1024).setMaxMessageSize(16 * 1024 * 1024));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)
        .setSubProtocols(protocols).setHeaders(headers);
    // Handlers are set on the event loop as the socket opens, so no early frame is missed.
    return await(client.connect(options).map(socket -> new CableTestClient(client, socket))
        .toCompletionStage().toCompletableFuture());
  }

  public String subProtocol() {
    return socket.subProtocol();
  }

  public void send(String text) {
    socket.writeTextMessage(text);
  }

  public void send(JsonObject json) {
    send(json.encode());
  }

  public void subscribe(String identifier) {
    send(new JsonObject().put("command", "subscribe").put("identifier", identifier));
  }

  public void unsubscribe(String identifier) {
    send(new JsonObject().put("command", "unsubscribe").put("identifier", identifier));
  }

  public void perform(String identifier, JsonObject data) {
    send(new JsonObject().put("command", "message").put("identifier", identifier).put("data", data.encode()));
  }

  /** The next frame, whatever it is. */
  public String nextRaw() {
    return nextRaw(WAIT_MS);
  }

  private String nextRaw(long waitMs) {
    try {
      String frame = frames.poll(Math.max(1, waitMs), TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + WAIT_MS + " ms");
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted");
    }
  }

  public JsonObject nextAny() {
    return new JsonObject(nextRaw());
  }

  /** The next frame that is not a ping. */
  public JsonObject next() {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    while (true) {
      JsonObject frame = new JsonObject(nextRaw(deadline - System.currentTimeMillis()));
      if (!"ping".equals(frame.getValue("type"))) {
        return frame;
      }
    }
  }

  /** Asserts nothing but pings arrives for the given time. */
  public void assertNoMessage(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return;
        }
        String frame = frames.poll(left, TimeUnit.MILLISECONDS);
        if (frame != null && !frame.contains("\"type\":\"ping\"")) {
          throw new AssertionError("expected no message, got " + frame);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits for the server to close the socket. */
  public Closed awaitClose() {
    try {
      return closed.get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + WAIT_MS + " ms");
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.close();
    }
    client.close();
  }

  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("operation failed: " + e, e);
    }
  }
}
