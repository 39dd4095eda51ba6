package io.cablecluster.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An Action Cable client for tests, used from the test thread (it blocks): frames are queued as they
 * arrive and read with deadlines; frame types in the ignore set (ping by default) are skipped by
 * {@link #receive()} and {@link #assertNoMessage()}. A socket closed while a frame is awaited fails the
 * wait at once, like anyt's DisconnectedError. Plain and extended protocol: see {@link CableClientOptions}.
 */
public final class CableClient implements AutoCloseable {
  public static final String PLAIN = "actioncable-v1-json";
  public static final String EXTENDED = "actioncable-v1-ext-json";
  /** anyt's receive timeout. */
  public static final Duration RECEIVE = Duration.ofSeconds(5);
  /** anyt's "no message" window. */
  public static final Duration QUIET = Duration.ofMillis(500);
  private static final Object CLOSED = new Object();

  /** How the server closed the socket; code null when it sent no close frame. */
  public record Closed(Short code, String reason) {
  }

  private final WebSocketClient client;
  private final ClientWebSocket socket;
  private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Closed> closed = new CompletableFuture<>();
  private final Set<String> ignored;
  private final String label;

  private CableClient(Vertx vertx, int port, CableClientOptions options) {
    // A HashSet: data frames have no type, and Set.of(...).contains(null) throws.
    this.ignored = new java.util.HashSet<>(options.ignored());
    this.label = options.label();
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(options.maxMessageSize()).setMaxMessageSize(options.maxMessageSize()));
    this.socket = client.webSocket();
    // Handlers are in place before the handshake, so not even the welcome can be missed.
    socket.textMessageHandler(frames::add);
    socket.closeHandler(v -> {
      closed.complete(new Closed(socket.closeStatusCode(), socket.closeReason()));
      frames.add(CLOSED);
    });
    // Connected from a context, the connection lives on that context's event loop and so does the
    // handshake's completion, which hands our handlers to the socket: from the test thread, that step ran
    // on another event loop while a node that refuses at once (a bad token) had already closed the
    // socket, and the connect failed with "WebSocket is closed", its frames lost.
    io.vertx.core.Promise<io.vertx.core.http.WebSocket> connected = io.vertx.core.Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> socket.connect(options.connectOptions(port)).onComplete(connected));
    try {
      Await.result(connected.future(), RECEIVE);
    } catch (AssertionError e) {
      client.close();
      throw e;
    }
  }

  /** Opens a socket to {@code port} on the options' host; fails if the handshake fails. */
  public static CableClient connect(Vertx vertx, int port, CableClientOptions options) {
    return new CableClient(vertx, port, options);
  }

  public static CableClient connect(Vertx vertx, int port) {
    return connect(vertx, port, new CableClientOptions());
  }

  /** Connects and reads the welcome, failing if the first frame is something else. */
  public static CableClient welcomed(Vertx vertx, int port, CableClientOptions options) {
    CableClient client = connect(vertx, port, options);
    JsonObject welcome = client.await(f -> !"ping".equals(f.getString("type")), RECEIVE);
    if (!"welcome".equals(welcome.getString("type"))) {
      client.close();
      throw new AssertionError(client.label + ": expected welcome, got " + welcome.encode());
    }
    return client;
  }

  /** The protocol the server echoed, null or empty if none. */
  public String subProtocol() {
    return socket.subProtocol();
  }

  public void send(String text) {
    Await.result(socket.writeTextMessage(text), RECEIVE);
  }

  public void send(JsonObject command) {
    send(command.encode());
  }

  public void subscribe(String identifier) {
    send(command("subscribe", identifier));
  }

  /** Subscribes and asserts that the next frame is exactly the confirmation. */
  public void subscribeConfirmed(String identifier) {
    subscribe(identifier);
    JsonObject reply = receive();
    if (!Identifiers.confirmation(identifier).equals(reply)) {
      throw new AssertionError(label + ": subscription " + identifier + " answered " + reply.encode());
    }
  }

  /**
   * Subscribes and waits for this identifier's answer, skipping other frames (broadcasts to earlier
   * subscriptions); fails unless it is a confirmation.
   */
  public void subscribeAwaiting(String identifier, Duration timeout) {
    subscribe(identifier);
    JsonObject reply = await(f -> identifier.equals(f.getString("identifier")) && f.containsKey("type"), timeout);
    if (!"confirm_subscription".equals(reply.getString("type"))) {
      throw new AssertionError(label + ": subscription " + identifier + " answered " + reply.encode());
    }
  }

  public void unsubscribe(String identifier) {
    send(command("unsubscribe", identifier));
  }

  /** A {@code message} command: Action Cable's {@code perform}; {@code data} travels as JSON text. */
  public void perform(String identifier, JsonObject data) {
    send(command("message", identifier).put("data", data.encode()));
  }

  /** The extended protocol's {@code history} command, e.g. {@code {"since": seconds}} or {@code streams}. */
  public void history(String identifier, JsonObject history) {
    send(command("history", identifier).put("history", history));
  }

  /** The extended protocol's {@code whisper} command. */
  public void whisper(String identifier, JsonObject data) {
    send(command("whisper", identifier).put("data", data));
  }

  /**
   * Sends a {@code ping} command and asserts that the next frame is its {@code pong}. The node handles a
   * connection's commands one at a time, each after the previous one's RPC call ended, so the pong proves
   * every command sent before it was handled: the event to await instead of sleeping after an
   * unsubscribe or a perform.
   */
  public void roundTrip(Duration timeout) {
    send(new JsonObject().put("command", "ping"));
    JsonObject reply = receive(timeout);
    if (!"pong".equals(reply.getString("type"))) {
      throw new AssertionError(label + ": expected the pong of a round trip, got " + reply.encode());
    }
  }

  public void roundTrip() {
    roundTrip(RECEIVE);
  }

  private static JsonObject command(String name, String identifier) {
    return new JsonObject().put("command", name).put("identifier", identifier);
  }

  /** The next frame whose type is not ignored, within {@link #RECEIVE}. */
  public JsonObject receive() {
    return receive(RECEIVE);
  }

  public JsonObject receive(Duration timeout) {
    return await(f -> !ignored.contains(f.getString("type")), timeout);
  }

  /** The next frame, whatever its type. */
  public JsonObject receiveAny() {
    return new JsonObject(receiveRaw(RECEIVE));
  }

  /** The next frame's text, whatever it is (for checks of the exact bytes). */
  public String receiveRaw() {
    return receiveRaw(RECEIVE);
  }

  public String receiveRaw(Duration timeout) {
    Object next = take(System.nanoTime() + timeout.toNanos());
    if (next == null) {
      throw new AssertionError(label + ": no frame within " + timeout);
    }
    return (String) next;
  }

  /** The first frame of this type, dropping the frames before it. */
  public JsonObject awaitType(String type) {
    return await(f -> type.equals(f.getString("type")), RECEIVE);
  }

  /** The first frame matching, dropping the ones before it; fails at the deadline or on close. */
  public JsonObject await(Predicate<JsonObject> match, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Object next = take(deadline);
      if (next == null) {
        throw new AssertionError(label + ": no matching frame within " + timeout);
      }
      JsonObject frame = new JsonObject((String) next);
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** Null at the deadline; fails if the socket closes first (the close stays visible to later calls). */
  private Object take(long deadline) {
    Object next = pollUntil(deadline);
    if (next == CLOSED) {
      throw new AssertionError(label + ": socket closed (" + closed.join() + ") while waiting for a frame");
    }
    return next;
  }

  /** The next queued frame not of an ignored type (those are dropped), else null; never blocks. */
  public JsonObject poll() {
    while (true) {
      Object next = frames.peek();
      if (next == null || next == CLOSED) {
        return null;
      }
      JsonObject frame = new JsonObject((String) frames.poll());
      if (!ignored.contains(frame.getString("type"))) {
        return frame;
      }
    }
  }

  /** The {@code message} of each data frame for {@code identifier}, until {@code expected} or the deadline. */
  public List<JsonObject> messages(String identifier, int expected, Duration timeout) {
    List<JsonObject> received = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < expected) {
      Object next = pollUntil(deadline);
      if (next == null || next == CLOSED) {
        break;
      }
      JsonObject frame = new JsonObject((String) next);
      if (identifier.equals(frame.getString("identifier")) && frame.containsKey("message")) {
        received.add(frame.getJsonObject("message"));
      }
    }
    return received;
  }

  /** Non-ignored frames arriving until none came for {@code quiet}: proves nothing more is on its way. */
  public List<JsonObject> drain(Duration quiet) {
    List<JsonObject> extra = new ArrayList<>();
    for (Object next = pollUntil(System.nanoTime() + quiet.toNanos()); next != null && next != CLOSED;
         next = pollUntil(System.nanoTime() + quiet.toNanos())) {
      JsonObject frame = new JsonObject((String) next);
      if (!ignored.contains(frame.getString("type"))) {
        extra.add(frame);
      }
    }
    return extra;
  }

  /** The next item (null at the deadline); the close marker is put back so every later wait sees it too. */
  private Object pollUntil(long deadline) {
    try {
      Object next = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (next == CLOSED) {
        frames.add(CLOSED);
      }
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(label + ": interrupted", e);
    }
  }

  /** Asserts that nothing but ignored frames arrives within {@link #QUIET} (a close ends the wait). */
  public void assertNoMessage() {
    assertNoMessage(QUIET);
  }

  public void assertNoMessage(Duration window) {
    long deadline = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < deadline) {
      Object next = pollUntil(deadline);
      if (next == CLOSED) {
        return;
      }
      if (next != null) {
        JsonObject frame = new JsonObject((String) next);
        if (!ignored.contains(frame.getString("type"))) {
          throw new AssertionError(label + ": expected no message, got " + frame.encode());
        }
      }
    }
  }

  /** Every frame received and not yet read, ignored types included (for "no frame at all" checks). */
  public List<JsonObject> unread() {
    List<JsonObject> unread = new ArrayList<>();
    for (Object frame : frames) {
      if (frame instanceof String text) {
        unread.add(new JsonObject(text));
      }
    }
    return unread;
  }

  /** Waits for the server to close the socket, within {@link #RECEIVE}. */
  public Closed awaitClose() {
    return awaitClose(RECEIVE);
  }

  public Closed awaitClose(Duration timeout) {
    try {
      return Await.result(closed, timeout);
    } catch (AssertionError e) {
      throw new AssertionError(label + ": socket still open after " + timeout, e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone() && !socket.isClosed()) {
      try {
        Await.result(socket.close(), RECEIVE);
      } catch (AssertionError e) {
        // Already gone or stuck: closing the client below releases the connection either way.
      }
    }
    client.close();
  }
}
