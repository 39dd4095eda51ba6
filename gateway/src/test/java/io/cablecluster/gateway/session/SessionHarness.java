package io.cablecluster.gateway.session;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.gateway.controller.DisconnectRequest;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.encoder.JsonEncoder;
import io.cablecluster.gateway.streams.StreamHub;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeConnection;
import io.cablecluster.gateway.testing.FakeController;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * A gateway of real node-wide services (stream hub, registry, commands) around a {@link FakeController},
 * the given broker and a recording disconnector, with sessions on one event loop fed by fake connections.
 */
final class SessionHarness {
  /** What a closed session handed to the disconnector. */
  record Closed(DisconnectRequest request, boolean interest) {
  }

  /** Records closed connections instead of calling anyone. */
  static final class RecordingDisconnector implements Disconnector {
    final BlockingQueue<Closed> closed = new LinkedBlockingQueue<>();

    @Override
    public void start() {
    }

    @Override
    public void connectionClosed(DisconnectRequest request, boolean disconnectInterest) {
      closed.add(new Closed(request, disconnectInterest));
    }

    @Override
    public Future<Void> flush() {
      return Future.succeededFuture();
    }

    @Override
    public int queued() {
      return closed.size();
    }
  }

  static final String PONG = "{\"type\":\"pong\"}";
  static final RequestEnv ENV = new RequestEnv("http://localhost/cable", Map.of("cookie", "a=1"));

  final Vertx vertx;
  final Context context;
  final GatewayConfig config;
  final FakeController controller = new FakeController();
  final Broker broker;
  final CableMetrics metrics = new CableMetrics(Map.of());
  final GatewayCounters counters = GatewayCounters.of(metrics);
  final StreamHub hub;
  final Disconnector disconnector;
  final Gateway gateway;
  private int nextSid;

  SessionHarness(Vertx vertx, GatewayConfig config, Broker broker) {
    this(vertx, config, broker, controller -> new RecordingDisconnector());
  }

  SessionHarness(Vertx vertx, GatewayConfig config, Broker broker,
                 Function<FakeController, Disconnector> disconnector) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.broker = broker;
    this.hub = new StreamHub(vertx, broker);
    this.disconnector = disconnector.apply(controller);
    this.gateway = new Gateway(vertx, config, counters, hub, new SessionRegistry(vertx, config), controller, broker,
        new Commands(vertx, controller, broker, counters), this.disconnector);
  }

  BlockingQueue<Closed> closed() {
    return ((RecordingDisconnector) disconnector).closed;
  }

  /** A session on the harness's event loop (not started); the connection reports its close back, like a socket. */
  Session create(FakeConnection connection, boolean extended) {
    return create(connection, extended, new Pinger.Settings(0, "s"));
  }

  /** As {@link #create(FakeConnection, boolean)}, with the connection's own ping settings. */
  Session create(FakeConnection connection, boolean extended, Pinger.Settings pings) {
    return create(connection, extended, pings, "sid-" + (++nextSid));
  }

  /** As {@link #create(FakeConnection, boolean)}, under a sid the test chooses (e.g. one another session has). */
  Session create(FakeConnection connection, boolean extended, Pinger.Settings pings, String sid) {
    return Await.on(context, () -> {
      Session session = new Session(gateway, connection, sid, extended, JsonEncoder.INSTANCE, ENV, pings);
      connection.onClose(() -> context.runOnContext(v -> session.closed()));
      return session;
    });
  }

  /** A started session whose identification finished with the controller's welcome. */
  Session connect(FakeConnection connection, boolean extended) {
    return connect(connection, extended, new Pinger.Settings(0, "s"));
  }

  Session connect(FakeConnection connection, boolean extended, Pinger.Settings pings) {
    Session session = create(connection, extended, pings);
    Await.run(context, session::start);
    connection.awaitFrames(1);
    return session;
  }

  Session connect(FakeConnection connection) {
    return connect(connection, false);
  }

  /** A client text frame, received on the session's event loop. */
  void send(Session session, String text) {
    Await.run(context, () -> session.received(text));
  }

  /** Sends a ping and waits for its pong: every frame sent before it has been handled by then. */
  void barrier(Session session, FakeConnection connection) {
    int before = connection.frames().size();
    send(session, command("ping", null));
    connection.awaitFrames(frames -> frames.subList(before, frames.size()).contains(PONG), "a pong after frame " + before);
  }

  static String identifier(String channel) {
    return new JsonObject().put("channel", channel).encode();
  }

  static String command(String command, String identifier) {
    JsonObject json = new JsonObject().put("command", command);
    if (identifier != null) {
      json.put("identifier", identifier);
    }
    return json.encode();
  }
}
