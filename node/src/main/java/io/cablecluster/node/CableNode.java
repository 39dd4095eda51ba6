package io.cablecluster.node;

import io.cablecluster.broadcaster.BroadcasterRole;
import io.cablecluster.cluster.ClusterBootstrap;
import io.cablecluster.cluster.ClusterConfig;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.NodeRuntime;
import io.cablecluster.core.Role;
import io.cablecluster.core.StateStores;
import io.cablecluster.core.SharedOptions;
import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.ConfigFile;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.MemoryStreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.gateway.GatewayRole;
import io.cablecluster.rpc.RpcBridgeRole;
import io.vertx.core.Future;
import io.vertx.core.VertxOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The launcher: parses the node-wide and shared options once, creates Vert.x (clustered or not), starts the
 * configured roles (each reads its own options), then refuses flags no role asked for.
 */
public final class CableNode {
  private static final Logger LOG = Logger.getLogger(CableNode.class.getName());
  /** Held so the configured level of the node's loggers is never collected with the logger. */
  private static Logger ownLoggers;

  private CableNode() {
  }

  public static void main(String[] args) {
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      // One line per record: time, level, logger, message (the JDK default spreads each over two lines).
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT.%1$tL %4$s %3$s - %5$s%6$s%n");
    }
    PeerResets.logAsWarnings();
    NodeRuntime runtime;
    Settings settings;
    try {
      // flags > ANYCABLE_/CABLE_ environment > config file (--config-path, ./anycable.toml, /etc/anycable/) > defaults
      settings = ConfigFile.load(Settings.of(args, System.getenv()), ConfigFile.DISCOVERY);
      ownLoggers = LoggingConfig.from(settings).apply();
      if (PrintConfig.requested(settings)) {
        System.out.print(PrintConfig.render(settings));
        System.out.flush();
        System.exit(0);
        return;
      }
      BootLines.beforeStart(settings);
      runtime = start(settings).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (ConfigException e) {
      System.err.println("cable-cluster: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ConfigException) {
        System.err.println("cable-cluster: " + cause.getMessage());
        System.exit(2);
        return;
      }
      System.err.println("cable-cluster: failed to start: " + cause);
      System.exit(1);
      return;
    }
    NodeRuntime running = runtime;
    LOG.info("cable-cluster node started: roles=" + String.join(",", running.context().node().roles())
        + ", main port " + running.mainPort());
    BootLines.afterStart(running, settings);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("shutting down");
      try {
        running.stop().toCompletionStage().toCompletableFuture()
            .get(running.context().node().shutdownDelaySeconds()
                + running.context().node().shutdownTimeoutSeconds() + 10L, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warning("shutdown did not complete: " + e);
      }
    }, "cable-shutdown"));
  }

  /** Starts a node from settings; the same path the command line takes (tests use it too). */
  public static Future<NodeRuntime> start(Settings settings) {
    NodeConfig node;
    SharedOptions shared;
    ClusterConfig cluster;
    try {
      node = NodeConfig.from(settings);
      shared = SharedOptions.from(settings);
      cluster = ClusterConfig.from(settings);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    StreamLogConfig streams;
    SessionsConfig sessions;
    try {
      LoggingConfig.from(settings); // read (and checked) here too: main applies it before anything logs
      streams = StreamLogConfig.from(settings);
      sessions = SessionsConfig.from(settings);
    } catch (ConfigException e) {
      return Future.failedFuture(e);
    }
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true);
    return ClusterBootstrap.start(cluster, options, streams, sessions).compose(vertx -> {
      PeerResets.handleUnhandled(vertx);
      List<Role> roles = new ArrayList<>();
      try {
        CableMetrics metrics = new CableMetrics(node.metricsTags());
        metrics.countedBy(MetricNames.CLUSTER_TLS_REFUSED_TOTAL, PeerResets::tlsRefusals);
        StateStores stores = ClusterBootstrap.stores(vertx, settings);
        if (stores.streams() instanceof MemoryStreamLog memory) {
          metrics.gauge(MetricNames.HISTORY_STREAMS_NUM, memory::size);
          metrics.gauge(MetricNames.HISTORY_BYTES, memory::storedBytes);
        }
        NodeContext context = new NodeContext(vertx, settings, node, shared, metrics, stores);
        if (node.runs("rpc-bridge")) {
          roles.add(new RpcBridgeRole(context));
        }
        if (node.runs("gateway")) {
          roles.add(new GatewayRole(context));
        }
        if (node.runs("broadcaster")) {
          roles.add(new BroadcasterRole(context));
        }
        List<String> unknown = settings.unknownFlags();
        if (!unknown.isEmpty()) {
          throw new ConfigException("unknown option(s): " + String.join(", ", unknown));
        }
        return new NodeRuntime(context, roles, List.of(ClusterBootstrap.readiness(vertx, metrics))).start()
            .recover(e -> vertx.close().transform(v -> Future.failedFuture(e)));
      } catch (RuntimeException e) {
        return vertx.close().transform(v -> Future.failedFuture(e));
      }
    });
  }
}
