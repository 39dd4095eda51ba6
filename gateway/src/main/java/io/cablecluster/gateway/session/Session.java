package io.cablecluster.gateway.session;

import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.streams.StreamSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * One client connection. Everything here runs on the connection's event loop. Commands are processed one
 * at a time in arrival order (frames that arrive meanwhile, including during authentication, wait in a
 * bounded inbox; a full inbox pauses reading from the socket). Output is FIFO; a client that stops reading
 * until the write queue is full is disconnected as too slow.
 */
public final class Session implements StreamSubscriber {
  private static final Logger LOG = Logger.getLogger(Session.class.getName());

  public enum State { CONNECTING, OPEN, CLOSED }

  private final Gateway gateway;
  private final ServerWebSocket socket;
  private final Context context;
  private final String sid;
  private final boolean extended;
  private final RequestEnv env;
  private final ArrayDeque<String> inbox = new ArrayDeque<>();
  final Map<String, String> cstate = new HashMap<>();
  final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private State state = State.CONNECTING;
  private final io.vertx.core.Promise<Void> whenClosed = io.vertx.core.Promise.promise();
  private String identifiers;
  private boolean busy = true;
  private boolean paused;
  private boolean usedRpc;
  private long lastReceivedNanos = System.nanoTime();
  private int pingInterval = -1;
  private String pingPrecision = "s";
  private long ownPingTimer = -1;

  public Session(Gateway gateway, ServerWebSocket socket, String sid, boolean extended, RequestEnv env) {
    this.gateway = gateway;
    this.socket = socket;
    this.context = Vertx.currentContext();
    this.sid = sid;
    this.extended = extended;
    this.env = env;
  }

  /** Wires the socket and starts authentication; frames received meanwhile are kept for later. */
  public void start() {
    socket.textMessageHandler(this::received);
    socket.binaryMessageHandler(buffer -> {
      gateway.metrics().increment("failed_client_msg_total");
      LOG.fine(() -> sid + ": binary frame ignored (only actioncable-v1-json text frames are supported)");
    });
    socket.exceptionHandler(e -> LOG.fine(() -> sid + ": socket error: " + e.getMessage()));
    socket.closeHandler(v -> closed());
    gateway.authenticator().authenticate(this).onComplete(ar -> onContext(() -> {
      if (ar.failed()) {
        LOG.warning(sid + ": authentication failed: " + ar.cause());
        close((short) 1011, "Internal error");
      } else {
        ar.result().applyTo(this);
      }
    }));
  }

  /**
   * Marks the connection as authenticated: registers it, sends the welcome frames, runs the frames that
   * waited. Registering before the welcome goes out means a client that saw its welcome is always reached
   * by a shutdown or remote disconnect.
   */
  void open(String connectionIdentifiers, boolean viaRpc, List<String> welcome) {
    if (state != State.CONNECTING) {
      return;
    }
    identifiers = connectionIdentifiers;
    usedRpc |= viaRpc;
    state = State.OPEN;
    gateway.registry().add(this);
    sendAll(welcome);
    busy = false;
    pump();
  }

  /** Re-creates a cached session's state, re-joins its streams, then welcomes it as restored. */
  void restore(SessionCache.Snapshot snapshot) {
    cstate.putAll(snapshot.cstate());
    List<Future<Void>> joins = new java.util.ArrayList<>();
    io.vertx.core.json.JsonArray restoredIds = new io.vertx.core.json.JsonArray();
    for (SessionCache.SubscriptionSnapshot saved : snapshot.subscriptions()) {
      Subscription subscription = new Subscription(saved.identifier(), saved.local());
      subscription.istate.putAll(saved.istate());
      subscriptions.put(saved.identifier(), subscription);
      restoredIds.add(saved.identifier());
      for (String stream : saved.streams()) {
        subscription.streams.add(stream);
        joins.add(gateway.hub().join(stream, this, saved.identifier()));
      }
    }
    here(Future.join(joins)).onComplete(ar -> open(snapshot.identifiers(), snapshot.usedRpc(),
        List.of(new io.vertx.core.json.JsonObject().put("type", "welcome").put("sid", sid).put("restored", true)
            .put("restored_ids", restoredIds).encode())));
  }

  private void received(String text) {
    lastReceivedNanos = System.nanoTime();
    if (state == State.CLOSED) {
      return;
    }
    if (text.length() > gateway.config().maxMessageSize()) {
      gateway.metrics().increment("failed_client_msg_total");
      LOG.info(sid + ": frame of " + text.length() + " chars over max_message_size, closing");
      close((short) 1009, "Message too big (max " + gateway.config().maxMessageSize() + " bytes)");
      return;
    }
    inbox.add(text);
    if (!paused && inbox.size() >= gateway.config().maxPendingCommands()) {
      paused = true;
      socket.pause();
    }
    pump();
  }

  private void pump() {
    while (!busy && state == State.OPEN && !inbox.isEmpty()) {
      Future<Void> handled = gateway.commands().handle(this, inbox.poll());
      if (!handled.isComplete()) {
        busy = true;
        handled.onComplete(ar -> onContext(() -> {
          if (ar.failed()) {
            LOG.warning(sid + ": command failed: " + ar.cause());
          }
          busy = false;
          pump();
        }));
      }
    }
    if (paused && inbox.size() <= gateway.config().maxPendingCommands() / 2 && state != State.CLOSED) {
      paused = false;
      socket.resume();
    }
  }

  /** Sends a frame unless the connection is closed; a client whose write queue is full is cut off. */
  public void send(String frame) {
    // The socket is closed before its close handler runs (close handshake in flight): writeQueueFull()
    // would throw then, and a ping tick during a mass disconnect logged one stack trace per connection.
    if (state == State.CLOSED || socket.isClosed()) {
      return;
    }
    if (socket.writeQueueFull()) {
      gateway.metrics().increment("disconnected_slow_clients_total");
      LOG.info(sid + ": write queue full, disconnecting slow client");
      disconnect("too_slow", true);
      return;
    }
    socket.writeTextMessage(frame);
  }

  public void sendAll(List<String> frames) {
    frames.forEach(this::send);
  }

  @Override
  public void deliver(String frame) {
    send(frame);
  }

  /** Sends the disconnect frame and closes; the close code follows AnyCable-Go. */
  public void disconnect(String reason, boolean reconnect) {
    if (state == State.CLOSED) {
      return;
    }
    if (!socket.isClosed() && !socket.writeQueueFull()) {
      socket.writeTextMessage(Frames.disconnect(reason, reconnect));
    }
    if ("server_restart".equals(reason)) {
      close((short) 1001, "Server restart");
    } else {
      close((short) 1000, "");
    }
  }

  public void close(short code, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    State was = state;
    state = State.CLOSED;
    socket.close(code, reason);
    if (was == State.CONNECTING) {
      inbox.clear();
    }
  }

  /** Per-connection ping settings from the {@code pi} and {@code ptp} query parameters. */
  public void pingSettings(int intervalSeconds, String precision) {
    this.pingInterval = intervalSeconds;
    this.pingPrecision = precision;
  }

  int pingInterval() {
    return pingInterval;
  }

  void startOwnPings(Vertx vertx) {
    ownPingTimer = vertx.setPeriodic(pingInterval * 1000L,
        id -> ping(Frames.ping(Pings.timestamp(pingPrecision))));
  }

  /** Sends a ping; extended-protocol clients must answer within the pong timeout when one is set. */
  void ping(String frame) {
    if (state != State.OPEN) {
      return;
    }
    send(frame);
    int pongTimeout = gateway.config().pongTimeoutSeconds();
    if (extended && pongTimeout > 0) {
      long sentAt = System.nanoTime();
      gateway.vertx().setTimer(pongTimeout * 1000L, id -> {
        if (state == State.OPEN && lastReceivedNanos - sentAt < 0) {
          disconnect("no_pong", true);
        }
      });
    }
  }

  private void closed() {
    if (ownPingTimer >= 0) {
      gateway.vertx().cancelTimer(ownPingTimer);
    }
    boolean wasOpen = state == State.OPEN || identifiers != null;
    state = State.CLOSED;
    inbox.clear();
    for (Subscription subscription : subscriptions.values()) {
      for (String stream : subscription.streams) {
        gateway.hub().leave(stream, this, subscription.identifier);
      }
    }
    gateway.registry().remove(this);
    if (wasOpen) {
      gateway.disconnects().connectionClosed(this);
      if (extended && gateway.sessions() != null) {
        gateway.sessions().keep(sid, SessionCache.of(this));
      }
    }
    whenClosed.tryComplete();
  }

  /** Completes once the socket closed and its Disconnect RPC (if any) is queued. */
  public io.vertx.core.Future<Void> whenClosed() {
    return whenClosed.future();
  }

  /** Runs an action on this connection's event loop (now, if already there). */
  public void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Moves a future's completion onto this connection's event loop. */
  public <T> Future<T> here(Future<T> future) {
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    future.onComplete(ar -> onContext(() -> promise.handle(ar)));
    return promise.future();
  }

  public <T> Future<T> here(Supplier<Future<T>> supplier) {
    return here(supplier.get());
  }

  void markUsedRpc() {
    usedRpc = true;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public String sid() {
    return sid;
  }

  public boolean extended() {
    return extended;
  }

  public RequestEnv env() {
    return env;
  }

  public String identifiers() {
    return identifiers;
  }

  public boolean usedRpc() {
    return usedRpc;
  }

  public State state() {
    return state;
  }

  public ServerWebSocket socket() {
    return socket;
  }

  public Map<String, String> cstate() {
    return cstate;
  }

  public Map<String, Subscription> subscriptions() {
    return subscriptions;
  }
}
