package io.cablecluster.node.cluster;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
 * anycable-client's {@code buildSubscribeRequest} sends.
 *
 * <p>In restore mode it reconnects as anycable-client does with a session: with {@code ?sid=} set to the sid
 * of its last welcome. A {@code restored} welcome brings its subscriptions back, so instead of subscribing it
 * sends one {@code history} command per restored identifier ({@code since} and its positions); an identifier
 * the welcome did not restore, or a welcome that restored nothing, falls back to subscribing with history,
 * and is counted ({@link #notRestored}).
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
  /**
   * How long it waits for a welcome before trying another node. anycable-client gives up on a silent socket
   * only after missing pings (a few seconds more than this); a restore can take ~5 s while Hazelcast claims
   * mastership after its master died, and giving up then would throw the session away (it was taken).
   */
  private static final Duration WELCOME = Duration.ofSeconds(10);
  private static final long MAX_BACKOFF_NANOS = Duration.ofMillis(500).toNanos();

  private final String label;
  private final String group;
  private final Vertx vertx;
  private final List<String> streams;
  private final Map<String, String> streamOfIdentifier = new LinkedHashMap<>();
  private final Supplier<List<Integer>> livePorts;
  private final boolean restoreSession;
  private final Thread thread;

  // Guarded by this.
  private final List<Receipt> receipts = new ArrayList<>();
  private final Map<String, JsonObject> positions = new LinkedHashMap<>();
  private final Map<String, Set<Integer>> seqs = new LinkedHashMap<>();
  private final Set<String> pendingHistory = new HashSet<>();
  private final Set<String> unconfirmed = new HashSet<>();
  private final List<Long> reconnectMillis = new ArrayList<>();
  private final List<String> events = new ArrayList<>();
  /** Per identifier, when the current connection's subscription was confirmed (or restored). */
  private final Map<String, Long> subscribedAt = new HashMap<>();
  /** Per stream, when the connection that was told {@code reject_history} for it had subscribed again. */
  private final Map<String, Long> rejectedAt = new LinkedHashMap<>();
  private String sid;
  private int restored;
  private int notRestored;
  private long restoreSince = nowSeconds();
  private long closedAtNanos;
  private long lastDataNanos = System.nanoTime();
  /** When the current connection's welcome arrived; whether a data frame came on it yet (events only). */
  private long welcomedAtNanos = System.nanoTime();
  private boolean dataOnConnection;
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
    this(vertx, label, group, port, streams, livePorts, false);
  }

  /** Like the other constructor; {@code restoreSession}: reconnects with its last sid (see the class doc). */
  ResumingClient(Vertx vertx, String label, String group, int port, List<String> streams,
                 Supplier<List<Integer>> livePorts, boolean restoreSession) {
    this.vertx = vertx;
    this.restoreSession = restoreSession;
    this.label = label;
    this.group = group;
    this.streams = List.copyOf(streams);
    this.livePorts = livePorts;
    for (String stream : streams) {
      streamOfIdentifier.put(Identifiers.pubsub(stream), stream);
      seqs.put(stream, new HashSet<>());
    }
    Welcomed first = connect(port, null);
    synchronized (this) {
      current = first.client();
      currentPort = port;
      connection = 1;
      closedAtNanos = -1;
      sid = first.welcome().getString("sid");
    }
    subscribe(first.client(), List.copyOf(streamOfIdentifier.keySet()));
    thread = new Thread(this::run, "resuming-" + label);
    thread.setDaemon(true);
    thread.start();
  }

  private CableClientOptions options() {
    // Nothing ignored: pings move the restore time, as in anycable-client.
    return new CableClientOptions().extended().ignore().label(label);
  }

  /** A socket and the welcome it read, and when. */
  private record Welcomed(CableClient client, JsonObject welcome, long atNanos) {
  }

  /** Connects (asking to restore {@code restoreSid} unless null) and reads the welcome, or fails. */
  private Welcomed connect(int port, String restoreSid) {
    CableClientOptions options = options();
    if (restoreSid != null) {
      options.query("sid=" + URLEncoder.encode(restoreSid, StandardCharsets.UTF_8));
    }
    CableClient client = CableClient.connect(vertx, port, options);
    try {
      JsonObject welcome = client.await(f -> !"ping".equals(f.getString("type")), WELCOME);
      if (!"welcome".equals(welcome.getString("type"))) {
        throw new AssertionError(label + ": expected welcome, got " + welcome.encode());
      }
      return new Welcomed(client, welcome, System.nanoTime());
    } catch (AssertionError e) {
      client.close();
      throw e;
    }
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
          subscribedAt.put(identifier, System.nanoTime());
          break;
        case "reject_subscription":
          rejectSubscription++;
          unconfirmed.remove(identifier);
          pendingHistory.remove(identifier);
          events.add("reject_subscription " + identifier + " on " + currentPort);
          break;
        case "confirm_history":
          if (connection > 1) {
            events.add("confirm_history " + streamOfIdentifier.get(identifier) + " " + sinceWelcome());
          }
          historyAnswered(identifier);
          break;
        case "reject_history":
          rejectHistory++;
          events.add("reject_history " + streamOfIdentifier.get(identifier) + " on " + currentPort + " "
              + sinceWelcome());
          // Told it may have missed something: what was posted before it subscribed again is excused.
          rejectedAt.put(streamOfIdentifier.get(identifier), subscribedAt.getOrDefault(identifier, System.nanoTime()));
          historyAnswered(identifier);
          break;
        default:
          events.add("unexpected " + frame.encode());
      }
      notifyAll();
    }
  }

  private void historyAnswered(String identifier) {
    if (pendingHistory.remove(identifier)) {
      resumedIfDone();
    }
  }

  /** The reconnection is complete once every history request is answered. */
  private void resumedIfDone() {
    if (pendingHistory.isEmpty() && closedAtNanos >= 0) {
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
    if (!dataOnConnection && connection > 1) {
      events.add("first frame " + stream + " seq " + seq + " offset " + offset
          + (pendingHistory.contains(identifier) ? " (history asked, not answered)" : "") + " " + sinceWelcome());
    }
    dataOnConnection = true;
    notifyAll();
  }

  /** Subscribes to these identifiers with the history request anycable-client adds to a subscribe. */
  private void subscribe(CableClient client, List<String> identifiers) {
    List<JsonObject> commands = new ArrayList<>();
    synchronized (this) {
      for (String identifier : identifiers) {
        commands.add(new JsonObject().put("command", "subscribe").put("identifier", identifier)
            .put("history", historyRequest(identifier)));
        pendingHistory.add(identifier);
        unconfirmed.add(identifier);
      }
    }
    sendAll(client, commands);
  }

  /**
   * After a restored welcome: a {@code history} command per restored identifier (anycable-client's restore
   * of a subscription), a subscribe with history for any followed identifier the welcome did not restore.
   */
  private void resumeRestored(Welcomed welcomed) {
    Set<String> restoredIds = new HashSet<>();
    JsonArray ids = welcomed.welcome().getJsonArray("restored_ids", new JsonArray());
    for (Object id : ids) {
      restoredIds.add(canonical(String.valueOf(id)));
    }
    List<JsonObject> commands = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    synchronized (this) {
      for (String identifier : streamOfIdentifier.keySet()) {
        if (!restoredIds.contains(canonical(identifier))) {
          missing.add(identifier);
          continue;
        }
        subscribedAt.put(identifier, welcomed.atNanos());
        commands.add(new JsonObject().put("command", "history").put("identifier", identifier)
            .put("history", historyRequest(identifier)));
        pendingHistory.add(identifier);
      }
      if (!missing.isEmpty()) {
        notRestored++;
        events.add("restored without " + missing + " (" + welcomed.welcome().encode() + ")");
      }
      if (pendingHistory.isEmpty() && missing.isEmpty()) {
        resumedIfDone();
        notifyAll();
      }
    }
    sendAll(welcomed.client(), commands);
    if (!missing.isEmpty()) {
      subscribe(welcomed.client(), missing);
    }
  }

  /** An identifier as JSON text with its keys in one order, so the server's spelling compares equal. */
  private static String canonical(String identifier) {
    try {
      return new JsonObject(new java.util.TreeMap<>(new JsonObject(identifier).getMap())).encode();
    } catch (RuntimeException e) {
      return identifier;
    }
  }

  /** anycable-client's history request: the restore time, and the last position of the stream if any. */
  private JsonObject historyRequest(String identifier) {
    String stream = streamOfIdentifier.get(identifier);
    JsonObject known = new JsonObject();
    JsonObject position = positions.get(stream);
    if (position != null) {
      known.put(stream, position.copy());
    }
    return new JsonObject().put("since", restoreSince).put("streams", known);
  }

  private static void sendAll(CableClient client, List<JsonObject> commands) {
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
      subscribedAt.clear();
      events.add("closed on " + from + " (" + (abandoned == gone ? "by client" : "by server") + ")");
    }
    gone.close();
    for (int attempt = 0; !stopped; attempt++) {
      int port = choosePort(from, attempt);
      if (port < 0) {
        backoff(attempt);
        continue;
      }
      String previous;
      synchronized (this) {
        previous = restoreSession ? sid : null;
      }
      Welcomed next;
      long connectStart = System.nanoTime();
      try {
        next = connect(port, previous);
      } catch (AssertionError e) {
        synchronized (this) {
          failedAttempts++;
        }
        backoff(attempt);
        continue;
      }
      boolean wasRestored = Boolean.TRUE.equals(next.welcome().getValue("restored"));
      synchronized (this) {
        current = next.client();
        currentPort = port;
        connection++;
        welcomedAtNanos = next.atNanos();
        dataOnConnection = false;
        sid = next.welcome().getString("sid");
        if (previous != null) {
          if (wasRestored) {
            restored++;
          } else {
            notRestored++;
          }
        }
        events.add("connected to " + port + (previous == null ? "" : wasRestored
            ? " restored " + next.welcome().getJsonArray("restored_ids") : " NOT restored (sid " + previous + ")")
            + ", welcome " + (next.atNanos() - connectStart) / 1_000_000 + " ms after the connect");
      }
      preferredPort = -1;
      if (wasRestored) {
        resumeRestored(next);
      } else {
        subscribe(next.client(), List.copyOf(streamOfIdentifier.keySet()));
      }
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

  boolean restoreSession() {
    return restoreSession;
  }

  /** Restored welcomes received. */
  synchronized int restored() {
    return restored;
  }

  /** Reconnections in restore mode whose welcome did not restore every followed subscription. */
  synchronized int notRestored() {
    return notRestored;
  }

  /** Per stream told {@code reject_history}: when that connection had subscribed again ({@link System#nanoTime()}). */
  synchronized Map<String, Long> rejectedAt() {
    return Map.copyOf(rejectedAt);
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

  /** For events: how long after this connection's welcome. */
  private String sinceWelcome() {
    return "at +" + (System.nanoTime() - welcomedAtNanos) / 1_000_000 + " ms";
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
