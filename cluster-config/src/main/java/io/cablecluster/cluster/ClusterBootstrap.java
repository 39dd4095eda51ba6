package io.cablecluster.cluster;

import io.cablecluster.core.NodeContext;
import io.cablecluster.core.StateStores;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.StreamLogConfig;
import io.vertx.core.Future;
import io.cablecluster.core.health.ReadinessCheck;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxBootstrap;
import io.vertx.core.spi.VertxServiceProvider;
import io.vertx.core.transport.Transport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

/**
 * Creates the node's Vert.x: a plain one for the {@code none} profile, a Hazelcast-clustered one otherwise.
 *
 * <p>{@code Vertx.vertx()} instantiates every {@link VertxServiceProvider} listed on the classpath, and
 * Hazelcast's cluster manager is one: merely instantiating it loads Hazelcast classes. A single node must
 * not pay for Hazelcast, so the {@code none} path reads the provider list itself and skips cluster managers
 * by name, before any of their classes are loaded.
 */
public final class ClusterBootstrap {
  private static final String PROVIDERS = "META-INF/services/" + VertxServiceProvider.class.getName();
  private static final String CLUSTER_MANAGER_PACKAGE = "io.vertx.spi.cluster.";

  private ClusterBootstrap() {
  }

  public static Future<Vertx> start(ClusterConfig config, VertxOptions options) {
    Settings defaults = Settings.of(new String[0], java.util.Map.of());
    return start(config, options, StreamLogConfig.from(defaults), SessionsConfig.from(defaults));
  }

  /** Starts Vert.x; a clustered one carries the streams and sessions maps configured as given. */
  public static Future<Vertx> start(ClusterConfig config, VertxOptions options, StreamLogConfig streams,
                                    SessionsConfig sessions) {
    if (!config.clustered()) {
      return Future.succeededFuture(standalone(options));
    }
    return HazelcastProfiles.clusteredVertx(config, options, streams, sessions);
  }

  /**
   * The node's state stores: at each stream's (or session's) home when clustered, else this node's memory;
   * without a broker nothing is numbered, kept or present.
   */
  public static StateStores stores(Vertx vertx, Settings settings) {
    if (!vertx.isClustered()) {
      return NodeContext.standaloneStores(vertx, settings);
    }
    return HazelcastStreamLogs.stores(vertx, settings);
  }

  /**
   * The cluster's part of the node's readiness, and the {@code cluster_members_num} gauge: clustered, the
   * node is ready while its Hazelcast member runs, is in the member list and the partition table is assigned
   * ({@link HazelcastReadiness}); standalone, always (one member, itself).
   */
  public static ReadinessCheck readiness(Vertx vertx, CableMetrics metrics) {
    if (!vertx.isClustered()) {
      metrics.gauge(MetricNames.CLUSTER_MEMBERS_NUM, () -> 1);
      return ReadinessCheck.of("cluster", () -> ReadinessCheck.Result.ok("ok (standalone)"));
    }
    return HazelcastReadiness.of(vertx, metrics);
  }

  private static Vertx standalone(VertxOptions options) {
    Transport transport = options.getPreferNativeTransport() ? Transport.nativeTransport() : null;
    VertxBootstrap bootstrap = VertxBootstrap.create()
        .options(options)
        .serviceProviders(providersWithoutClusterManagers())
        .transport((transport != null ? transport : Transport.NIO).implementation());
    return bootstrap.init().vertx();
  }

  static List<VertxServiceProvider> providersWithoutClusterManagers() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
        ? Thread.currentThread().getContextClassLoader() : ClusterBootstrap.class.getClassLoader();
    List<VertxServiceProvider> providers = new ArrayList<>();
    try {
      Enumeration<URL> lists = loader.getResources(PROVIDERS);
      while (lists.hasMoreElements()) {
        for (String name : providerNames(lists.nextElement())) {
          if (!name.startsWith(CLUSTER_MANAGER_PACKAGE)) {
            providers.add((VertxServiceProvider) Class.forName(name, true, loader).getConstructor().newInstance());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot instantiate a Vert.x service provider", e);
    }
    return providers;
  }

  private static List<String> providerNames(URL list) throws IOException {
    List<String> names = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(list.openStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String name = line.replaceFirst("#.*", "").trim();
        if (!name.isEmpty()) {
          names.add(name);
        }
      }
    }
    return names;
  }
}
