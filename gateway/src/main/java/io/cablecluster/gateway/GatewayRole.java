package io.cablecluster.gateway;

import io.cablecluster.core.http.AdmissionConfig;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.Role;
import io.cablecluster.core.presence.PresenceConfig;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.StreamPublisher;
import io.cablecluster.core.http.HttpEndpoints;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.core.status.StatusContributor;
import io.cablecluster.core.status.StatusSnapshot;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.broker.MemoryBroker;
import io.cablecluster.gateway.broker.NoBroker;
import io.cablecluster.gateway.channels.LocalChannels;
import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.gateway.config.IdentityProviderConfig;
import io.cablecluster.gateway.channels.LocalChannelsController;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.controller.NullController;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.encoder.Protocols;
import io.cablecluster.gateway.identity.JwtController;
import io.cablecluster.gateway.identity.JwtIdentification;
import io.cablecluster.gateway.identity.NoauthController;
import io.cablecluster.gateway.identity.QueryParams;
import io.cablecluster.gateway.identity.SessionIds;
import io.cablecluster.gateway.rpc.RpcClient;
import io.cablecluster.gateway.rpc.RpcController;
import io.cablecluster.gateway.sse.SseConfig;
import io.cablecluster.gateway.sse.SseEndpoint;
import io.cablecluster.gateway.session.Commands;
import io.cablecluster.gateway.session.DisconnectQueue;
import io.cablecluster.gateway.session.FrameGuard;
import io.cablecluster.gateway.session.Disconnector;
import io.cablecluster.gateway.session.Gateway;
import io.cablecluster.gateway.session.GatewayCounters;
import io.cablecluster.gateway.session.Pinger;
import io.cablecluster.gateway.session.Session;
import io.cablecluster.gateway.session.SessionRegistry;
import io.cablecluster.gateway.session.WebSocketConnection;
import io.cablecluster.gateway.streams.BroadcastRelay;
import io.cablecluster.gateway.streams.SequencerSettings;
import io.cablecluster.gateway.streams.StreamHub;
import io.cablecluster.gateway.streams.StreamLinger;
import io.cablecluster.gateway.status.GatewayStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.List;

/**
 * Holds client WebSockets and speaks the Action Cable protocol (plain and AnyCable-extended) on the
 * configured paths, with streams fed by the node's broadcast relay.
 */
public final class GatewayRole implements Role, StatusContributor {
  private final NodeContext context;
  private final GatewayConfig config;
  private final Gateway gateway;
  private final GatewayStatus status;
  private volatile boolean draining;
  /** Server-Sent Events on {@code sse_path}, or null when {@code sse} is off. */
  private final SseEndpoint sse;

  public GatewayRole(NodeContext context) {
    this.context = context;
    this.config = GatewayConfig.from(context.shared(), context.settings());
    var vertx = context.vertx();
    var metrics = context.metrics();
    Broker broker = context.streams().numbers() ? new MemoryBroker(context.streams(), context.sessions(),
        context.presence(), new StreamPublisher(vertx.eventBus(), context.streams())) : new NoBroker();
    GatewayCounters counters = GatewayCounters.of(metrics);
    Controller controller = controller(vertx, config, counters,
        IdentityProviderConfig.from(context.settings()), metrics);
    StreamHub hub = new StreamHub(vertx, broker, new SequencerSettings(100, 1000,
        metrics.counter(MetricNames.STREAM_DUPLICATES_DROPPED_TOTAL)::increment,
        metrics.counter(MetricNames.STREAM_GAP_SKIPPED_TOTAL)::increment), StreamLinger.from(context.settings()));
    SessionRegistry registry = new SessionRegistry(vertx, config);
    Disconnector disconnector = config.rpcEnabled()
        ? new DisconnectQueue(vertx, config, controller,
            metrics.counter(MetricNames.DISCONNECT_QUEUE_DROPPED_TOTAL)::increment) : Disconnector.NONE;
    this.gateway = new Gateway(vertx, config, counters, hub, registry, controller, broker,
        new Commands(vertx, controller, broker, counters), disconnector);
    registerGauges(metrics, registry, hub, disconnector);
    this.status = new GatewayStatus(registry, hub);
    SseConfig sseConfig = SseConfig.from(context.settings());
    this.sse = sseConfig.enabled() ? new SseEndpoint(gateway, sseConfig, AdmissionConfig.from(context.settings()),
        metrics, () -> draining) : null;
  }

  /** Sessions, streams and top streams for the node's {@code /_status} snapshot. */
  @Override
  public void contribute(StatusSnapshot snapshot) {
    status.contribute(snapshot);
  }

  /**
   * The controller chain, outermost first: JWT (when a key is set), noauth (when on), local channels, then
   * the backend's RPC or, without one, the null controller that refuses.
   */
  static Controller controller(Vertx vertx, GatewayConfig config, GatewayCounters counters,
                               IdentityProviderConfig provider, CableMetrics metrics) {
    Runnable failedAuth = counters.failedAuths()::increment;
    Controller chain = config.rpcEnabled()
        ? new RpcController(new RpcClient(vertx), failedAuth) : new NullController(failedAuth);
    chain = new LocalChannelsController(chain, new LocalChannels(config));
    if (config.noauth()) {
      chain = new NoauthController(chain);
    }
    if (JwtIdentification.enabled(config, provider)) {
      chain = new JwtController(chain, JwtIdentification.identifier(vertx, config, provider, metrics),
          config.jwtParam(), config.enforceJwt(), provider.bearerHeader(), failedAuth);
    }
    return chain;
  }

  private static void registerGauges(CableMetrics metrics, SessionRegistry registry, StreamHub hub,
                                     Disconnector disconnector) {
    // Registered up front so a scrape shows them at 0, as AnyCable-Go does (dashboards and alerts expect them).
    for (String counter : List.of(MetricNames.CLIENT_MSG_TOTAL, MetricNames.FAILED_CLIENT_MSG_TOTAL,
        MetricNames.SERVER_MSG_TOTAL, MetricNames.FAILED_SERVER_MSG_TOTAL, MetricNames.FAILED_AUTHS_TOTAL,
        MetricNames.SUBSCRIPTIONS_OVER_LIMIT_TOTAL, MetricNames.CLIENT_MSG_TOO_BIG_TOTAL,
        MetricNames.WS_PROTOCOL_ERRORS_TOTAL, MetricNames.WS_PONGS_DROPPED_TOTAL, MetricNames.BROADCAST_MSG_TOTAL,
        MetricNames.REMOTE_COMMANDS_TOTAL, MetricNames.DATA_SENT_TOTAL, MetricNames.DATA_RCVD_TOTAL)) {
      metrics.counter(counter);
    }
    metrics.gauge(MetricNames.CLIENTS_NUM, registry::size);
    metrics.gauge(MetricNames.CLIENTS_UNIQ_NUM, registry::uniqueIdentifiers);
    metrics.gauge(MetricNames.SUBSCRIPTIONS_NUM, registry::subscriptionCount);
    metrics.gauge(MetricNames.BROADCAST_STREAMS_NUM, hub::size);
    metrics.gauge(MetricNames.STREAMS_LINGERING_NUM, hub::lingering);
    metrics.gauge(MetricNames.DISCONNECT_QUEUE_SIZE, disconnector::queued);
  }

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Future<Void> start() {
    warmUp();
    gateway.disconnector().start();
    BroadcastRelay relay = new BroadcastRelay(context.metrics(),
        command -> gateway.registry().disconnectByIdentifiers(command.identifiers(), command.reconnect()),
        context.streams().nodeId());
    keepSessionsAlive();
    keepPresenceAlive();
    gateway.hub().start();
    return gateway.broker().start().compose(v -> context.vertx().deployVerticle(relay)).mapEmpty();
  }

  /**
   * Open extended sessions keep their kept snapshots alive (AnyCable-Go touches them every half TTL; a third
   * leaves room for a late tick), so a client whose node dies can restore on another node at any time.
   */
  private void keepSessionsAlive() {
    long every = Math.max(1000, SessionsConfig.from(context.settings()).ttlSeconds() * 1000L / 3);
    context.vertx().setPeriodic(every, id -> gateway.registry().forEachRestorable(
        session -> gateway.broker().touchSession(session.sid())));
  }

  /** Presence leases of open sessions are renewed three times per {@code presence_ttl}. */
  private void keepPresenceAlive() {
    long every = Math.max(1000, PresenceConfig.from(context.settings()).ttlMillis() / 3);
    context.vertx().setPeriodic(every, id -> gateway.broker().presenceKeepalive());
  }

  /**
   * Touches the per-connection code paths once (random source, JSON, frames) so the first client after a
   * start or restart is not the one that waits for class loading and seeding.
   */
  private static void warmUp() {
    String sid = SessionIds.next();
    io.cablecluster.gateway.protocol.Frames.welcome(sid);
    io.cablecluster.gateway.protocol.JsonText.message("{\"warm\":true}");
    try {
      io.cablecluster.gateway.protocol.ClientCommand.parse("{\"command\":\"subscribe\",\"identifier\":\"{}\"}");
    } catch (io.cablecluster.gateway.protocol.ClientCommand.InvalidCommand impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  @Override
  public void mount(HttpEndpoints endpoints) {
    if (endpoints.port() != context.node().port()) {
      return;
    }
    int ceiling = transportCeiling(config);
    endpoints.serverOptions()
        .setMaxWebSocketFrameSize(ceiling)
        .setMaxWebSocketMessageSize(ceiling);
    if (config.wsCompression()) {
      // Vert.x's negotiation is kept (it lets the frame decoder accept compressed frames) but its handshaker,
      // built without an inflation cap, is swapped for one that stops inflating past max_message_size.
      endpoints.serverOptions().setPerMessageWebSocketCompressionSupported(true);
      int level = endpoints.serverOptions().getWebSocketCompressionLevel();
      int cap = config.maxMessageSize() + 1;
      endpoints.connectionHandler(connection -> FrameGuard.capInflation(connection, level, cap));
    }
    for (String path : config.paths()) {
      endpoints.webSocket(path, Protocols.ALL, this::admit, this::accept);
    }
    if (sse != null) {
      sse.mount(endpoints.router());
    }
  }

  /**
   * The transport ceiling (the largest frame Vert.x decodes, the largest message it assembles) sits above
   * the protocol limit; {@link FrameGuard} closes every message over {@code max_message_size} with 1009
   * and a reason before Vert.x assembles it, and a frame over the ceiling the same way.
   */
  private static int transportCeiling(GatewayConfig config) {
    return Math.max(config.maxMessageSize() * 4, config.maxMessageSize() + 65536);
  }

  /** max_conn (TCP connections) and allowed_origins are checked by the HTTP front before this, on every path. */
  private int admit(ServerWebSocketHandshake handshake) {
    return draining ? 503 : 0;
  }

  private void accept(ServerWebSocket socket) {
    socket.setWriteQueueMaxSize(config.maxPendingBytes());
    // Never the client's X-Request-ID (AnyCable-Go's choice): a sid must be unique and is a restore credential.
    String sid = SessionIds.next();
    boolean extended = Protocols.extended(socket.subProtocol());
    WebSocketConnection connection = new WebSocketConnection(socket, transportCeiling(config));
    connection.bind(new Session(gateway, connection, sid, extended, Protocols.encoder(socket.subProtocol()),
        RequestEnv.of(socket, config), new Pinger.Settings(pingInterval(socket.query()), pingPrecision(socket.query()))));
  }

  /** -1: the node's shared ticker; 0: no pings; n: every n seconds ({@code ?pi=n}). */
  private static int pingInterval(String query) {
    String value = QueryParams.get(query, "pi");
    if (value == null) {
      return -1;
    }
    try {
      return Math.max(0, Math.min(3600, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private String pingPrecision(String query) {
    String value = QueryParams.get(query, "ptp");
    return value != null && List.of("s", "ms", "ns").contains(value) ? value : config.pingPrecision();
  }

  @Override
  public Future<Void> drain() {
    draining = true;
    gateway.hub().stop();
    return gateway.registry().disconnectAll().compose(v -> gateway.disconnector().flush())
        .compose(v -> gateway.broker().stop());
  }

  public GatewayConfig config() {
    return config;
  }

  public Gateway gateway() {
    return gateway;
  }
}
