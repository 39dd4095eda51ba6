package io.cablecluster.node.cluster;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A minimal Action Cable client over the JDK WebSocket: frames are queued as parsed JSON, pings dropped.
 * Public streams only ({@code $pubsub} with {@code stream_name}), which needs a node started with --public.
 */
final class CableClient implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>(100_000);
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final String label;
  private WebSocket socket;

  private CableClient(String label) {
    this.label = label;
  }

  static CableClient connect(URI url, String label) throws Exception {
    CableClient client = new CableClient(label);
    client.socket = HTTP.newWebSocketBuilder().subprotocols("actioncable-v1-json")
        .connectTimeout(Duration.ofSeconds(5))
        .buildAsync(url, client.new Listener()).get(10, TimeUnit.SECONDS);
    JsonObject welcome = client.next(Duration.ofSeconds(10));
    if (!"welcome".equals(welcome.getString("type"))) {
      throw new AssertionError(label + ": expected welcome, got " + welcome);
    }
    return client;
  }

  static String identifier(String stream) {
    return new JsonObject().put("channel", "$pubsub").put("stream_name", stream).encode();
  }

  /** Sends subscribe without waiting for the confirmation. */
  void sendSubscribe(String stream) {
    send(new JsonObject().put("command", "subscribe").put("identifier", identifier(stream)));
  }

  void sendUnsubscribe(String stream) {
    send(new JsonObject().put("command", "unsubscribe").put("identifier", identifier(stream)));
  }

  void subscribe(String stream) throws InterruptedException {
    sendSubscribe(stream);
    String id = identifier(stream);
    JsonObject reply = await(f -> id.equals(f.getString("identifier")) && f.containsKey("type"), Duration.ofSeconds(10));
    if (!"confirm_subscription".equals(reply.getString("type"))) {
      throw new AssertionError(label + ": subscription to " + stream + " answered " + reply);
    }
  }

  private void send(JsonObject command) {
    socket.sendText(command.encode(), true).join();
  }

  /** The next frame (pings excluded); fails after the timeout. */
  JsonObject next(Duration timeout) throws InterruptedException {
    JsonObject frame = frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (frame == null) {
      throw new AssertionError(label + ": no frame within " + timeout);
    }
    return frame;
  }

  /** The next frame if one is queued, else null. */
  JsonObject poll() {
    return frames.poll();
  }

  /** The first frame matching, dropping the ones before it. */
  JsonObject await(Predicate<JsonObject> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
      if (frame == null) {
        throw new AssertionError(label + ": no matching frame within " + timeout);
      }
      if (match.test(frame)) {
        return frame;
      }
    }
  }

  /** The {@code message} of every broadcast frame for {@code stream}, in arrival order, until quiet. */
  List<JsonObject> messages(String stream, int expected, Duration timeout) throws InterruptedException {
    String id = identifier(stream);
    List<JsonObject> received = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < expected) {
      long left = deadline - System.nanoTime();
      JsonObject frame = left > 0 ? frames.poll(left, TimeUnit.NANOSECONDS) : null;
      if (frame == null) {
        break;
      }
      if (id.equals(frame.getString("identifier")) && frame.containsKey("message")) {
        received.add(frame.getJsonObject("message"));
      }
    }
    return received;
  }

  /** Frames that arrive within {@code quiet}: proves nothing more (no duplicate) is on its way. */
  List<JsonObject> drain(Duration quiet) throws InterruptedException {
    List<JsonObject> extra = new ArrayList<>();
    for (JsonObject f = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS); f != null;
         f = frames.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) {
      extra.add(f);
    }
    return extra;
  }

  /** The close code the server sent, or -1 when the connection dropped without a close frame. */
  int awaitClosed(Duration timeout) throws Exception {
    return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (socket != null && !closed.isDone()) {
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        JsonObject frame = new JsonObject(partial.toString());
        partial.setLength(0);
        if (!"ping".equals(frame.getString("type")) && !frames.offer(frame)) {
          throw new IllegalStateException(label + ": test client queue overflow");
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }
  }
}
