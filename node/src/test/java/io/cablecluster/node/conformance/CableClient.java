package io.cablecluster.node.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client that behaves like anyt's: frames are queued as they arrive; {@link #receive()} returns
 * the next one not in the ignore set (by default ping and welcome) within 5 s; {@link #assertNoMessage()}
 * waits 0.5 s. A closed socket surfaces as an error from {@code receive}, like anyt's DisconnectedError.
 */
final class CableClient implements AutoCloseable {
  static final long RECEIVE_MILLIS = 5_000;
  static final long NO_MESSAGE_MILLIS = 500;
  private static final Object CLOSED = new Object();

  private final WebSocketClient client;
  private final ClientWebSocket socket;
  private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
  private final Set<String> ignored;
  private final String subProtocol;
  private volatile Short closeCode;

  /** How to open one client; {@link ConformanceHarness#client} fills in host and port. */
  static final class Options {
    String query = "";
    final List<String> protocols = new ArrayList<>(List.of("actioncable-v1-json"));
    final List<String[]> headers = new ArrayList<>();
    Set<String> ignore = Set.of("ping", "welcome");

    Options query(String q) {
      query = q;
      return this;
    }

    Options header(String name, String value) {
      headers.add(new String[] {name, value});
      return this;
    }

    Options protocols(String... names) {
      protocols.clear();
      protocols.addAll(List.of(names));
      return this;
    }

    Options ignore(String... types) {
      ignore = Set.of(types);
      return this;
    }
  }

  private CableClient(Vertx vertx, int port, Options options) {
    this.ignored = new java.util.HashSet<>(options.ignore);
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
        .setMaxMessageSize(1 << 20));
    this.socket = client.webSocket();
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> {
      closeCode = socket.closeStatusCode();
      frames.add(CLOSED);
    });
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/cable" + (options.query.isEmpty() ? "" : "?" + options.query));
    if (options.protocols.stream().anyMatch(p -> p.startsWith("actioncable-"))) {
      // The server must echo one of these; the handshake fails otherwise (Rails JS gives up then, too).
      connect.setSubProtocols(options.protocols);
    } else if (!options.protocols.isEmpty()) {
      // Offered but not expected back (e.g. only anycable-token.<jwt>): AnyCable-Go echoes none.
      connect.addHeader("Sec-WebSocket-Protocol", String.join(", ", options.protocols));
    }
    for (String[] header : options.headers) {
      connect.addHeader(header[0], header[1]);
    }
    StandInRpcBackend.await(socket.connect(connect));
    this.subProtocol = socket.subProtocol();
  }

  static CableClient open(Vertx vertx, int port, Options options) {
    return new CableClient(vertx, port, options);
  }

  String subProtocol() {
    return subProtocol;
  }

  void send(JsonObject frame) {
    StandInRpcBackend.await(socket.writeTextMessage(frame.encode()));
  }

  void subscribe(String identifier) {
    send(new JsonObject().put("command", "subscribe").put("identifier", identifier));
  }

  /** Subscribes and asserts the exact confirmation, as anyt's extra tests do. */
  void subscribeConfirmed(String identifier) {
    subscribe(identifier);
    assertEquals(new JsonObject(StandInRpcBackend.ack(identifier, "confirm_subscription")), receive());
  }

  void unsubscribe(String identifier) {
    send(new JsonObject().put("command", "unsubscribe").put("identifier", identifier));
  }

  void perform(String identifier, JsonObject data) {
    send(new JsonObject().put("command", "message").put("identifier", identifier).put("data", data.encode()));
  }

  JsonObject receive() {
    return receive(RECEIVE_MILLIS);
  }

  JsonObject receive(long timeoutMillis) {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      Object next;
      try {
        next = frames.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (next == null) {
        return fail("no message within " + timeoutMillis + " ms");
      }
      if (next == CLOSED) {
        frames.add(CLOSED);
        return fail("socket closed (code " + closeCode + ") while waiting for a message");
      }
      JsonObject frame = (JsonObject) next;
      if (!ignored.contains(frame.getString("type"))) {
        return frame;
      }
    }
  }

  void assertNoMessage() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(NO_MESSAGE_MILLIS);
    while (System.nanoTime() < until) {
      Object next;
      try {
        next = frames.poll(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      if (next == CLOSED) {
        frames.add(CLOSED);
        return;
      }
      if (next instanceof JsonObject frame && !ignored.contains(frame.getString("type"))) {
        fail("expected no message, got " + frame.encode());
      }
    }
  }

  /** Waits for the server to close the socket; returns the close code (null if none was sent). */
  Short awaitClose() {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECEIVE_MILLIS);
    while (!isClosed() && System.nanoTime() < until) {
      StandInRpcBackend.sleep(10);
    }
    if (!isClosed()) {
      fail("socket still open after " + RECEIVE_MILLIS + " ms");
    }
    return closeCode;
  }

  boolean isClosed() {
    return frames.contains(CLOSED);
  }

  /** Every frame received and not yet consumed, ignored types included (for "no frame at all" checks). */
  List<JsonObject> unread() {
    List<JsonObject> unread = new ArrayList<>();
    for (Object frame : frames) {
      if (frame instanceof JsonObject json) {
        unread.add(json);
      }
    }
    return unread;
  }

  @Override
  public void close() {
    if (!socket.isClosed()) {
      socket.close().toCompletionStage().toCompletableFuture().orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null).join();
    }
    client.close();
  }
}
