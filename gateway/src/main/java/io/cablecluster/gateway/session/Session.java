package io.cablecluster.gateway.session;

import io.cablecluster.core.log.LogContext;
import io.cablecluster.core.log.RateLimitedLog;
import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.broker.SessionSnapshot;
import io.cablecluster.gateway.controller.ChannelRequest;
import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.DisconnectRequest;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.encoder.Encoder;
import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.protocol.JsonText;
import io.cablecluster.gateway.streams.StreamSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection. Everything here runs on the connection's event loop. Commands are processed one
 * at a time in arrival order (frames that arrive meanwhile, including during identification, wait in a
 * bounded inbox; a full inbox pauses reading from the socket). Output is FIFO; a client that stops reading
 * until the write queue is full is disconnected as too slow. The session owns its state: identifiers,
 * connection state (cstate) and {@link Subscriptions}; results of the controller are applied by
 * {@link ResultApplier} only.
 */
public final class Session implements StreamSubscriber {
  private static final Logger LOG = Logger.getLogger(Session.class.getName());
  private static final RateLimitedLog TOO_BIG = new RateLimitedLog(LOG, 10, java.util.concurrent.TimeUnit.SECONDS);

  public enum State { CONNECTING, OPEN, CLOSED }

  private final Gateway gateway;
  private final Connection connection;
  /**
   * The connection's event loop. Vert.x runs each upgrade on a context of its own (a duplicate of the
   * event loop's); keyed by that, the fan-out and the ping ticker had one group, one task and one timer per
   * connection instead of per event loop. Everything here runs on the event loop's own context.
   */
  private final Context context;
  private final String sid;
  /** How log lines name this connection: never the sid itself ({@link LogIds}). */
  private final String logId;
  private final boolean extended;
  private boolean ordered;
  private final Encoder encoder;
  private final RequestEnv env;
  private final ArrayDeque<Object> inbox = new ArrayDeque<>();
  private final Map<String, String> cstate = new HashMap<>();
  private final Subscriptions subscriptions;
  private final Promise<Void> whenClosed = Promise.promise();
  private final Pinger pinger;
  private State state = State.CONNECTING;
  private String identifiers;
  private boolean busy = true;
  private boolean paused;
  private boolean disconnectInterest;
  private LiveGate gate;
  /** Why the server closed the connection, for the debug line (null: the client or the network did). */
  private String closeReason;
  private boolean commitPending;
  private int restoredWaits;
  private static final int MAX_RESTORED_WAITS = 4;
  /** How long session changes are gathered before one write to the session vault. */
  static final long COMMIT_DELAY_MS = 100;

  public Session(Gateway gateway, Connection connection, String sid, boolean extended, Encoder encoder,
                 RequestEnv env, Pinger.Settings pings) {
    this.gateway = gateway;
    this.connection = connection;
    this.context = ((ContextInternal) Vertx.currentContext()).unwrap();
    this.sid = sid;
    this.logId = LogIds.sid(sid);
    this.extended = extended;
    this.encoder = encoder;
    this.env = env;
    this.subscriptions = new Subscriptions(gateway.hub(), this);
    this.pinger = new Pinger(this, pings);
  }

  /**
   * Starts identification; frames received meanwhile are kept for later. Completes once identification is
   * over (the session is then open or closed).
   */
  public Future<Void> start() {
    Promise<Void> done = Promise.promise();
    SessionLog.connected(this);
    Handshake.identify(this).onComplete(ar -> onContext(() -> {
      if (ar.failed()) {
        LOG.warning(logId + ": identification failed: " + ar.cause());
        close((short) 1011, "Internal error");
      }
      done.complete();
    }));
    return done.future();
  }

  /**
   * Numbered frames go out in offset order, without repeats, around history replays, as for the extended
   * protocol, in a session that is not one (SSE: a {@code Last-Event-ID} resume must not repeat a message).
   */
  public void deliverInOrder() {
    ordered = true;
  }

  /**
   * Marks the connection as identified: registers it, sends the welcome frames, runs the frames that
   * waited. Registering before the welcome goes out means a client that saw its welcome is always reached
   * by a shutdown or remote disconnect.
   */
  void open(String connectionIdentifiers, List<String> welcome) {
    if (state != State.CONNECTING) {
      return;
    }
    identifiers = connectionIdentifiers;
    state = State.OPEN;
    gateway.registry().add(this);
    transmitAll(welcome);
    commit();
    busy = false;
    pump();
  }

  /** A text frame from the client. */
  public void received(String text) {
    if (accept(text.length())) {
      enqueue(text);
    }
  }

  /** A binary frame from the client (decoded by the connection's encoding, whatever the frame type). */
  public void receivedBinary(Buffer bytes) {
    if (accept(bytes.length())) {
      enqueue(bytes);
    }
  }

  private boolean accept(int size) {
    pinger.received();
    if (state == State.CLOSED) {
      return false;
    }
    if (size > gateway.config().maxMessageSize()) {
      gateway.counters().failedClientMessages().increment();
      gateway.counters().messagesTooBig().increment();
      TOO_BIG.log(n -> logId + ": frame of " + size + " chars over max_message_size, closing with 1009 (" + n
          + " such since the last line)");
      close((short) 1009, "Message too big (max " + gateway.config().maxMessageSize() + " bytes)");
      return false;
    }
    return true;
  }

  private void enqueue(Object frame) {
    inbox.add(frame);
    if (!paused && inbox.size() >= gateway.config().maxPendingCommands()) {
      paused = true;
      connection.pause();
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
            LOG.warning(logId + ": command failed: " + ar.cause());
          }
          busy = false;
          pump();
        }));
      }
    }
    if (paused && inbox.size() <= gateway.config().maxPendingCommands() / 2 && state != State.CLOSED) {
      paused = false;
      connection.resume();
    }
  }

  /** Sends a server message given as Action Cable JSON, in this connection's encoding. */
  public void transmit(String json) {
    send(encoder.encode(json));
  }

  public void transmitAll(List<String> messages) {
    for (String json : messages) {
      transmit(json);
    }
  }

  /** Sends a frame unless the connection is closed; a client whose write queue is full is cut off. */
  public void send(WireFrame frame) {
    // The socket is closed before its close handler runs (close handshake in flight): writeQueueFull()
    // would throw then, and a ping tick during a mass disconnect logged one stack trace per connection.
    if (state == State.CLOSED || connection.isClosed()) {
      return;
    }
    if (connection.writeQueueFull()) {
      gateway.counters().slowClients().increment();
      if (LOG.isLoggable(Level.INFO)) {
        LogContext.log(LOG, Level.INFO, "slow client detected, disconnecting", "context", "node",
            "sid", logId.substring("sid=".length()), "reason", "write queue full");
      }
      disconnectTooSlow();
      return;
    }
    connection.write(frame);
  }

  /**
   * A stream's frame for one subscription. Numbered frames of the extended protocol are held while the
   * subscription's history is replayed and are sent only when news to it (never a repeat of the replay).
   */
  @Override
  public void deliver(WireFrame frame, String identifier, Broadcast broadcast) {
    if (!(extended || ordered) || broadcast.epoch() == null) {
      send(frame);
      return;
    }
    if (gate != null && gate.holds(identifier)) {
      if (!gate.offer(identifier, frame, broadcast)) {
        gateway.counters().slowClients().increment();
        LOG.info(logId + ": too many live frames held during a history replay, disconnecting");
        disconnectTooSlow();
      }
      return;
    }
    Subscription subscription = subscriptions.get(identifier);
    if (subscription == null || subscription.admit(broadcast, false)) {
      send(frame);
    }
  }

  /** Holds the identifier's live numbered frames until {@link #releaseLive}: a history replay is coming. */
  void holdLive(String identifier) {
    if (!extended && !ordered) {
      return;
    }
    if (gate == null) {
      gate = new LiveGate(gateway.config().maxPendingBytes());
    }
    gate.hold(identifier);
  }

  /** Holds a restored subscription's live frames until the client's history request (or a short wait). */
  void holdUntilHistory(String identifier) {
    holdLive(identifier);
    if (gate != null) {
      gate.awaitHistory(identifier);
    }
  }

  /** A history request arrived: the replay now owns the hold. */
  void historyRequested(String identifier) {
    if (gate != null) {
      gate.historyRequested(identifier);
    }
  }

  /** Releases the restored subscriptions whose client never asked for history. */
  void stopAwaitingHistory() {
    if (gate == null) {
      return;
    }
    // Commands the client already sent are still being handled (its history requests wait behind a slow
    // one while the cluster recovers): they own the hold, so the wait goes on, a few times at most.
    if ((busy || !inbox.isEmpty()) && ++restoredWaits <= MAX_RESTORED_WAITS) {
      gateway.vertx().setTimer(Handshake.RESTORED_HOLD_MS, id -> onContext(this::stopAwaitingHistory));
      return;
    }
    gate.stopAwaiting().forEach(this::releaseLive);
  }

  /** Sends a replayed message unless this subscription already sent it. */
  void sendReplayed(Subscription subscription, Broadcast broadcast) {
    if (subscription.admit(broadcast, true)) {
      transmit(Frames.data(subscription.identifier(), JsonText.message(broadcast.data()), broadcast));
    }
  }

  /** Sends what was held for the identifier (what the replay did not already send), and stops holding. */
  void releaseLive(String identifier) {
    if (gate == null) {
      return;
    }
    Subscription subscription = subscriptions.get(identifier);
    for (LiveGate.Held held : gate.release(identifier)) {
      if (subscription == null || subscription.admit(held.broadcast(), false)) {
        send(held.frame());
      }
    }
  }

  /** Sends the disconnect frame and closes; the close code follows AnyCable-Go. */
  public void disconnect(String reason, boolean reconnect) {
    if (state == State.CLOSED) {
      return;
    }
    closeReason = closeReason == null ? reason : closeReason;
    if (!connection.isClosed() && !connection.writeQueueFull()) {
      connection.write(encoder.encode(Frames.disconnect(reason, reconnect)));
    }
    if ("server_restart".equals(reason)) {
      close((short) 1001, "Server restart");
    } else {
      close((short) 1000, "");
    }
  }

  /**
   * A slow client's cut-off, as AnyCable-Go does it (node/session.go {@code sendFrame}: on overflow it
   * lifts the pending-size bound and queues the {@code too_slow} disconnect message, then the close frame
   * with 1000): the small disconnect frame is written past the full write queue once (Vert.x's queue
   * bound is advisory), then the socket closes with 1000.
   */
  private void disconnectTooSlow() {
    if (state == State.CLOSED) {
      return;
    }
    closeReason = "too_slow";
    if (!connection.isClosed()) {
      connection.write(encoder.encode(Frames.disconnect("too_slow", true)));
    }
    close((short) 1000, "");
  }

  public void close(short code, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    State was = state;
    state = State.CLOSED;
    if (closeReason == null) {
      // Built only for the debug line: with debug off a close costs no string.
      closeReason = SessionLog.on() ? "closed by server (" + code + (reason.isEmpty() ? "" : " " + reason) + ")"
          : "closed by server";
    }
    connection.close(code, reason);
    if (was == State.CONNECTING) {
      inbox.clear();
    }
  }

  /** Sends a ping; extended-protocol clients must answer within the pong timeout when one is set. */
  void ping(WireFrame frame) {
    if (state == State.OPEN) {
      send(frame);
      pinger.expectPong();
    }
  }

  /** The transport closed (either side). */
  public void closed() {
    pinger.stop();
    boolean wasOpen = state == State.OPEN || identifiers != null;
    state = State.CLOSED;
    inbox.clear();
    subscriptions.forEach(subscription -> PresenceCommands.closed(this, gateway.broker(), subscription));
    subscriptions.leaveAll();
    gateway.registry().remove(this);
    if (wasOpen) {
      gateway.disconnector().connectionClosed(disconnectRequest(), disconnectInterest);
      if (extended) {
        gateway.broker().commitSession(sid, snapshot());
      }
    }
    SessionLog.disconnected(this, closeReason == null ? "closed by client" : closeReason);
    whenClosed.tryComplete();
  }

  /** Completes once the socket closed and its Disconnect call (if any) is queued. */
  public Future<Void> whenClosed() {
    return whenClosed.future();
  }

  private boolean onEventLoop() {
    Context current = Vertx.currentContext();
    return current == context || current != null && ((ContextInternal) current).unwrap() == context;
  }

  /** Runs an action on this connection's event loop (now, if already there). */
  public void onContext(Runnable action) {
    if (onEventLoop()) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }

  /** Moves a future's completion onto this connection's event loop. */
  public <T> Future<T> here(Future<T> future) {
    if (future.isComplete() && onEventLoop()) {
      return future;
    }
    Promise<T> promise = Promise.promise();
    future.onComplete(ar -> onContext(() -> promise.handle(ar)));
    return promise.future();
  }

  ConnectRequest connectRequest() {
    return new ConnectRequest(sid, extended, env, connection.headers(), connection.query());
  }

  ChannelRequest channelRequest(String identifier, Map<String, String> istate) {
    return new ChannelRequest(sid, identifiers, identifier, env, StateDelta.copy(cstate), StateDelta.copy(istate));
  }

  private DisconnectRequest disconnectRequest() {
    return new DisconnectRequest(sid, identifiers, env, StateDelta.copy(cstate), subscriptions.istates());
  }

  /**
   * Keeps the session's current state for a restore (extended protocol), as AnyCable-Go does on every change,
   * so a client whose node dies resumes on another node with what it had. Changes within
   * {@link #COMMIT_DELAY_MS} are written once (a client subscribing to many channels at once costs one
   * write, not one per channel); a change in the last moments before a crash may be missing from the
   * restore, and anycable-client then subscribes again to what is not in {@code restored_ids}.
   */
  void commit() {
    if (!extended || state != State.OPEN || commitPending) {
      return;
    }
    commitPending = true;
    gateway.vertx().setTimer(COMMIT_DELAY_MS, id -> onContext(() -> {
      commitPending = false;
      if (state == State.OPEN) {
        gateway.broker().commitSession(sid, snapshot());
      }
    }));
  }

  private SessionSnapshot snapshot() {
    return new SessionSnapshot(identifiers, StateDelta.copy(cstate), subscriptions.snapshot(), disconnectInterest);
  }

  void mergeCstate(Map<String, String> delta) {
    StateDelta.merge(cstate, delta);
  }

  void markDisconnectInterest(boolean interest) {
    disconnectInterest |= interest;
  }

  Pinger pinger() {
    return pinger;
  }

  Gateway gateway() {
    return gateway;
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public String sid() {
    return sid;
  }

  @Override
  public Encoder encoder() {
    return encoder;
  }

  /** The connection's name in log lines ({@link LogIds}), never the sid. */
  public String logId() {
    return logId;
  }

  public boolean extended() {
    return extended;
  }

  public String identifiers() {
    return identifiers;
  }

  public State state() {
    return state;
  }

  public Connection connection() {
    return connection;
  }

  public Map<String, String> cstate() {
    return Collections.unmodifiableMap(cstate);
  }

  public Subscriptions subscriptions() {
    return subscriptions;
  }
}
