package io.cablecluster.node.cluster;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A client that behaves like anycable-client on the extended protocol, on its own thread: it follows a few
 * public streams (one {@code $pubsub} subscription each), remembers the position ({@code stream_id},
 * {@code epoch}, {@code offset}) of the last message of each and, like anycable-client, a restore time
 * ({@code since}: its start, then the time of each ping). When its socket closes (the node died, drained
 * with {@code disconnect}, or {@link #moveTo} asked) it connects to another live node and subscribes again
 * with {@code history: {since, streams: {stream: {epoch, offset}}}} in the subscribe command, exactly what
 * anycable-client's {@code buildSubscribeRequest} sends. No session restore ({@code sid}) is attempted.
 *
 * <p>Every data frame is recorded as a {@link Receipt} (stream, payload {@code seq}, epoch, offset), so a
 * {@link DeliveryLedger} can count losses, duplicates and reordering afterwards; nothing is deduplicated
 * here (anycable-client does not either).
 */
final class ResumingClient implements AutoCloseable {
  /** One data frame as received: {@code replayed} when it came between a history request and its answer. */
  record Receipt(String stream, int seq, String epoch, long offset, int connection, boolean replayed) {
  }

  private static final Duration POLL = Duration.ofSeconds(1);
  private static final long MAX_BACKOFF_NANOS = Duration.ofMillis(500).toNanos();

  private final String label;
  private final String group;
  private final Vertx vertx;
  private final List<String> streams;
  private final Map<String, String> streamOfIdentifier = new LinkedHashMap<>();
  private final Supplier<List<Integer>> livePorts;
  private final Thread thread;

  // Guarded by this.
  private final List<Receipt> receipts = new ArrayList<>();
  private final Map<String, JsonObject> positions = new LinkedHashMap<>();
  private final Map<String, Set<Integer>> seqs = new LinkedHashMap<>();
  private final Set<String> pendingHistory = new HashSet<>();
  private final Set<String> unconfirmed = new HashSet<>();
  private final List<Long> reconnectMillis = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  private long restoreSince = nowSeconds();
  private long closedAtNanos;
  private long lastDataNanos = System.nanoTime();
  private int connection;
  private int rejectHistory;
  private int rejectSubscription;
  private int disconnectFrames;
  private int failedAttempts;

  private volatile CableClient current;
  private volatile int currentPort;
  private volatile CableClient abandoned;
  private volatile int preferredPort = -1;
  private volatile boolean stopped;

  /**
   * Connects to {@code port} and subscribes to every stream (with anycable-client's first history request,
   * {@code since} = now); {@link #awaitSubscribed} waits for the answers.
   */
  ResumingClient(Vertx vertx, String label, String group, int port, List<String> streams,
                 Supplier<List<Integer>> livePorts) {
    this.vertx = vertx;
    this.label = label;
    this.group = group;
    this.streams = List.copyOf(streams);
    this.livePorts = livePorts;
    for (String stream : streams) {
      streamOfIdentifier.put(Identifiers.pubsub(stream), stream);
      seqs.put(stream, new HashSet<>());
    }
    CableClient first = CableClient.welcomed(vertx, port, options());
    synchronized (this) {
      current = first;
      currentPort = port;
      connection = 1;
      closedAtNanos = -1;
    }
    subscribeAll(first);
    thread = new Thread(this::run, "resuming-" + label);
    thread.setDaemon(true);
    thread.start();
  }

  private CableClientOptions options() {
    // Nothing ignored: pings move the restore time, as in anycable-client.
    return new CableClientOptions().extended().ignore().label(label);
  }

  String label() {
    return label;
  }

  String group() {
    return group;
  }

  List<String> streams() {
    return streams;
  }

  int port() {
    return currentPort;
  }

  /** Closes this socket from the client side and resumes on {@code port} (a rebalancing load balancer). */
  void moveTo(int port) {
    preferredPort = port;
    CableClient client = current;
    abandoned = client;
    client.close();
  }

  private void run() {
    while (!stopped) {
      CableClient client = current;
      JsonObject frame;
      try {
        frame = client.receive(POLL);
      } catch (AssertionError e) {
        if (!client.isClosed() && abandoned != client) {
          continue;
        }
        for (JsonObject rest = client.poll(); rest != null; rest = client.poll()) {
          handle(client, rest);
        }
        if (!stopped) {
          reconnect(client);
        }
        continue;
      }
      handle(client, frame);
    }
  }

  private void handle(CableClient client, JsonObject frame) {
    String type = frame.getString("type");
    String identifier = frame.getString("identifier");
    if ("ping".equals(type)) {
      synchronized (this) {
        restoreSince = nowSeconds();
      }
      return;
    }
    if ("disconnect".equals(type)) {
      synchronized (this) {
        disconnectFrames++;
        events.add("disconnect " + frame.encode() + " on " + currentPort);
      }
      // anycable-client closes and reconnects when the server says it may (reconnect: true).
      abandoned = client;
      client.close();
      return;
    }
    if (frame.containsKey("message") && identifier != null && type == null) {
      record(identifier, frame);
      return;
    }
    synchronized (this) {
      switch (type == null ? "" : type) {
        case "confirm_subscription":
          unconfirmed.remove(identifier);
          break;
        case "reject_subscription":
          rejectSubscription++;
          unconfirmed.remove(identifier);
          pendingHistory.remove(identifier);
          events.add("reject_subscription " + identifier + " on " + currentPort);
          break;
        case "confirm_history":
          historyAnswered(identifier);
          break;
        case "reject_history":
          rejectHistory++;
          events.add("reject_history " + streamOfIdentifier.get(identifier) + " on " + currentPort);
          historyAnswered(identifier);
          break;
        default:
          events.add("unexpected " + frame.encode());
      }
      notifyAll();
    }
  }

  private void historyAnswered(String identifier) {
    if (pendingHistory.remove(identifier) && pendingHistory.isEmpty() && closedAtNanos >= 0) {
      reconnectMillis.add((System.nanoTime() - closedAtNanos) / 1_000_000);
      closedAtNanos = -1;
    }
  }

  private synchronized void record(String identifier, JsonObject frame) {
    String stream = frame.getString("stream_id", streamOfIdentifier.get(identifier));
    Object message = frame.getValue("message");
    int seq = message instanceof JsonObject m && m.getValue("seq") instanceof Number n ? n.intValue() : -1;
    String epoch = frame.getString("epoch");
    long offset = frame.getValue("offset") instanceof Number n ? n.longValue() : -1;
    receipts.add(new Receipt(stream, seq, epoch, offset, connection, pendingHistory.contains(identifier)));
    seqs.computeIfAbsent(stream, s -> new HashSet<>()).add(seq);
    if (stream != null && epoch != null) {
      positions.put(stream, new JsonObject().put("epoch", epoch).put("offset", offset));
    }
    lastDataNanos = System.nanoTime();
    notifyAll();
  }

  /** Subscribes to every stream with the history request anycable-client adds to a subscribe. */
  private void subscribeAll(CableClient client) {
    List<JsonObject> commands = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<String, String> entry : streamOfIdentifier.entrySet()) {
        JsonObject known = new JsonObject();
        JsonObject position = positions.get(entry.getValue());
        if (position != null) {
          known.put(entry.getValue(), position.copy());
        }
        commands.add(new JsonObject().put("command", "subscribe").put("identifier", entry.getKey())
            .put("history", new JsonObject().put("since", restoreSince).put("streams", known)));
        pendingHistory.add(entry.getKey());
        unconfirmed.add(entry.getKey());
      }
    }
    try {
      commands.forEach(client::send);
    } catch (AssertionError e) {
      // The socket closed while subscribing: the reader sees the close and reconnects.
    }
  }

  /** Tries live nodes (the preferred one first, then the others, the one that failed last) until one answers. */
  private void reconnect(CableClient gone) {
    int from = currentPort;
    synchronized (this) {
      if (closedAtNanos < 0) {
        closedAtNanos = System.nanoTime();
      }
      pendingHistory.clear();
      unconfirmed.clear();
      events.add("closed on " + from + " (" + (abandoned == gone ? "by client" : "by server") + ")");
    }
    gone.close();
    for (int attempt = 0; !stopped; attempt++) {
      int port = choosePort(from, attempt);
      if (port < 0) {
        backoff(attempt);
        continue;
      }
      CableClient next;
      try {
        next = CableClient.welcomed(vertx, port, options());
      } catch (AssertionError e) {
        synchronized (this) {
          failedAttempts++;
        }
        backoff(attempt);
        continue;
      }
      synchronized (this) {
        current = next;
        currentPort = port;
        connection++;
        events.add("connected to " + port);
      }
      preferredPort = -1;
      subscribeAll(next);
      return;
    }
  }

  private int choosePort(int from, int attempt) {
    int preferred = preferredPort;
    if (preferred > 0 && attempt < 3) {
      return preferred;
    }
    List<Integer> live = livePorts.get();
    List<Integer> others = live.stream().filter(p -> p != from).toList();
    List<Integer> candidates = others.isEmpty() ? live : others;
    if (candidates.isEmpty()) {
      return -1;
    }
    // Spread the clients of a dead node over the survivors, and move on when one refuses.
    return candidates.get(Math.floorMod(label.hashCode() + attempt, candidates.size()));
  }

  private static void backoff(int attempt) {
    // A reconnecting client's back-off (anycable-client backs off too): pacing, not waiting for an event.
    LockSupport.parkNanos(Math.min(MAX_BACKOFF_NANOS, Duration.ofMillis(50).toNanos() * (attempt + 1)));
  }

  synchronized void awaitSubscribed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!unconfirmed.isEmpty() || !pendingHistory.isEmpty() || connection == 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(label + ": not subscribed within " + timeout + " (unconfirmed " + unconfirmed
            + ", history pending " + pendingHistory + ")");
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /**
   * Waits until every expected seq of each followed stream has arrived and no history request is pending;
   * false at the deadline (a lossy run), never fails.
   */
  synchronized boolean awaitCaughtUp(Function<String, Set<Integer>> expected, long deadlineNanos)
      throws InterruptedException {
    while (!caughtUp(expected)) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  private boolean caughtUp(Function<String, Set<Integer>> expected) {
    if (!pendingHistory.isEmpty() || closedAtNanos >= 0) {
      return false;
    }
    for (String stream : streams) {
      if (!seqs.get(stream).containsAll(expected.apply(stream))) {
        return false;
      }
    }
    return true;
  }

  /** Waits until no data frame came for {@code quiet} (late duplicates would show up in that window). */
  synchronized void awaitQuiet(Duration quiet, long deadlineNanos) throws InterruptedException {
    while (true) {
      long quietUntil = lastDataNanos + quiet.toNanos();
      long now = System.nanoTime();
      if (now - quietUntil >= 0 || now - deadlineNanos >= 0) {
        return;
      }
      wait(Math.max(1, (Math.min(quietUntil, deadlineNanos) - now) / 1_000_000));
    }
  }

  synchronized List<Receipt> receipts() {
    return List.copyOf(receipts);
  }

  synchronized int rejectHistory() {
    return rejectHistory;
  }

  synchronized int rejectSubscription() {
    return rejectSubscription;
  }

  synchronized int disconnectFrames() {
    return disconnectFrames;
  }

  synchronized int failedAttempts() {
    return failedAttempts;
  }

  /** Reconnections completed (every history request answered), in milliseconds from the close. */
  synchronized List<Long> reconnectMillis() {
    return List.copyOf(reconnectMillis);
  }

  /** True when the client lost its socket and has not finished resuming. */
  synchronized boolean resuming() {
    return closedAtNanos >= 0 || !pendingHistory.isEmpty();
  }

  synchronized List<String> events() {
    return List.copyOf(events);
  }

  private static long nowSeconds() {
    return System.currentTimeMillis() / 1000;
  }

  @Override
  public void close() {
    stopped = true;
    CableClient client = current;
    if (client != null) {
      client.close();
    }
    try {
      thread.join(Duration.ofSeconds(10).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    CableClient last = current;
    if (last != null && last != client) {
      last.close();
    }
  }
}
