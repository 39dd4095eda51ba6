package io.cablecluster.gateway;

import io.cablecluster.core.NodeContext;
import io.cablecluster.core.Role;
import io.cablecluster.core.http.HttpEndpoints;
import io.cablecluster.gateway.channels.LocalChannels;
import io.cablecluster.gateway.history.BrokerConfig;
import io.cablecluster.gateway.history.HistoryStore;
import io.cablecluster.gateway.identity.Authenticator;
import io.cablecluster.gateway.identity.JwtIdentifier;
import io.cablecluster.gateway.identity.QueryParams;
import io.cablecluster.gateway.identity.SessionIds;
import io.cablecluster.gateway.rpc.DisconnectQueue;
import io.cablecluster.gateway.rpc.RpcClient;
import io.cablecluster.gateway.session.Commands;
import io.cablecluster.gateway.session.Gateway;
import io.cablecluster.gateway.session.RequestEnv;
import io.cablecluster.gateway.session.RpcCommands;
import io.cablecluster.gateway.session.Session;
import io.cablecluster.gateway.session.SessionCache;
import io.cablecluster.gateway.session.SessionRegistry;
import io.cablecluster.gateway.streams.BroadcastRelay;
import io.cablecluster.gateway.streams.StreamHub;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.util.List;

/**
 * Holds client WebSockets and speaks the Action Cable protocol (plain and AnyCable-extended) on the
 * configured paths, with streams fed by the node's broadcast relay.
 */
public final class GatewayRole implements Role {
  static final String PROTOCOL_JSON = "actioncable-v1-json";
  static final String PROTOCOL_EXT = "actioncable-v1-ext-json";
  private final NodeContext context;
  private final GatewayConfig config;
  private final Gateway gateway;
  private final HistoryStore history;
  private final SessionCache sessions;
  private volatile boolean draining;

  public GatewayRole(NodeContext context) {
    this.context = context;
    this.config = GatewayConfig.from(context.shared(), context.settings());
    var vertx = context.vertx();
    var metrics = context.metrics();
    StreamHub hub = new StreamHub(vertx);
    RpcClient rpc = config.rpcEnabled() ? new RpcClient(vertx) : null;
    JwtIdentifier jwt = config.jwtEnabled() ? new JwtIdentifier(vertx, config.jwtSecret()) : null;
    RpcCommands rpcCommands = rpc == null ? null : new RpcCommands(rpc, hub);
    SessionRegistry registry = new SessionRegistry(vertx, config);
    BrokerConfig broker = BrokerConfig.from(context.settings());
    this.history = broker.enabled()
        ? new HistoryStore(broker.historyLimit(), broker.historyTtlSeconds(), broker.maxStreams()) : null;
    this.sessions = broker.enabled() ? new SessionCache(broker.sessionsTtlSeconds(), broker.maxSessions()) : null;
    this.gateway = new Gateway(vertx, config, metrics, hub, registry,
        new Authenticator(config, jwt, rpc, metrics, sessions),
        new Commands(vertx, new LocalChannels(config), hub, rpcCommands, metrics, history),
        new DisconnectQueue(vertx, config, rpc, metrics), sessions);
    // Registered up front so a scrape shows them at 0, as AnyCable-Go does (dashboards and alerts expect them).
    for (String counter : List.of("client_msg_total", "failed_client_msg_total", "server_msg_total",
        "failed_server_msg_total", "failed_auths_total")) {
      metrics.counter(counter);
    }
    metrics.gauge("clients_num", registry::size);
    metrics.gauge("broadcast_streams_num", hub::size);
  }

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public Future<Void> start() {
    warmUp();
    gateway.disconnects().start();
    if (history != null) {
      history.start(context.vertx());
      sessions.start(context.vertx());
      context.metrics().gauge("history_streams_num", history::size);
    }
    BroadcastRelay relay = new BroadcastRelay(context.metrics(),
        command -> gateway.registry().disconnectByIdentifiers(command.identifiers(), command.reconnect()), history);
    return context.vertx().deployVerticle(relay).mapEmpty();
  }

  /**
   * Touches the per-connection code paths once (random source, JSON, frames) so the first client after a
   * start or restart is not the one that waits for class loading and seeding.
   */
  private static void warmUp() {
    String sid = SessionIds.next(null);
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
    // The transport ceiling sits above the protocol limit so that oversized messages up to it reach the
    // session, which refuses them with close code 1009 and a reason; beyond it Vert.x drops the connection.
    int ceiling = Math.max(config.maxMessageSize() * 4, config.maxMessageSize() + 65536);
    endpoints.serverOptions()
        .setMaxWebSocketFrameSize(ceiling)
        .setMaxWebSocketMessageSize(ceiling);
    for (String path : config.paths()) {
      endpoints.webSocket(path, List.of(PROTOCOL_JSON, PROTOCOL_EXT), this::admit, this::accept);
    }
  }

  private int admit(ServerWebSocketHandshake handshake) {
    if (draining) {
      return 503;
    }
    if (config.maxConnections() > 0 && gateway.registry().size() >= config.maxConnections()) {
      return 503;
    }
    if (!Origins.allowed(handshake.headers().get("origin"), config.allowedOrigins())) {
      return 403;
    }
    return 0;
  }

  private void accept(ServerWebSocket socket) {
    socket.setWriteQueueMaxSize(config.maxPendingBytes());
    String sid = SessionIds.next(socket.headers().get("x-request-id"));
    boolean extended = PROTOCOL_EXT.equals(socket.subProtocol());
    Session session = new Session(gateway, socket, sid, extended, RequestEnv.of(socket, config));
    session.pingSettings(pingInterval(socket.query()), pingPrecision(socket.query()));
    session.start();
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
    return gateway.registry().disconnectAll().compose(v -> gateway.disconnects().flush());
  }

  public GatewayConfig config() {
    return config;
  }

  public Gateway gateway() {
    return gateway;
  }
}
