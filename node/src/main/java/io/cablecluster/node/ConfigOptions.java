package io.cablecluster.node;

import io.cablecluster.broadcaster.BroadcastHttpConfig;
import io.cablecluster.broadcaster.events.EventsConfig;
import io.cablecluster.broadcaster.redis.RedisConfig;
import io.cablecluster.cluster.ClusterConfig;
import io.cablecluster.cluster.ClusterTlsConfig;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.SharedOptions;
import io.cablecluster.core.config.ConfigFile;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Options;
import io.cablecluster.core.http.AdmissionConfig;
import io.cablecluster.core.presence.PresenceConfig;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.gateway.config.IdentityProviderConfig;
import io.cablecluster.gateway.sse.SseConfig;
import io.cablecluster.gateway.streams.StreamLinger;
import io.cablecluster.rpc.RpcConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every config record that declares options, in one place: {@code --print-config} prints their options and
 * the README's option table is checked against them ({@code ReadmeOptionTableTest}). A new one belongs here.
 */
public final class ConfigOptions {
  public static final List<Class<?>> DECLARING = List.of(NodeConfig.class, AdmissionConfig.class,
      SharedOptions.class, GatewayConfig.class, StreamLogConfig.class, SessionsConfig.class, PresenceConfig.class,
      RpcConfig.class, BroadcastHttpConfig.class, RedisConfig.class, EventsConfig.class, ClusterConfig.class,
      ClusterTlsConfig.class, StreamLinger.class, LoggingConfig.class, ConfigFile.class,
      IdentityProviderConfig.class, SseConfig.class);

  private ConfigOptions() {
  }

  /** Every declared option by name, in declaration order. */
  public static Map<String, Option<?>> byName() {
    Map<String, Option<?>> options = new LinkedHashMap<>();
    for (Class<?> owner : DECLARING) {
      for (Option<?> option : Options.declaredIn(owner)) {
        options.put(option.name(), option);
      }
    }
    return options;
  }

  /** The options a config file can set (all but the flag-only config-file flags themselves). */
  public static Map<String, Option<?>> configurable() {
    Map<String, Option<?>> options = byName();
    ConfigFile.FLAG_ONLY.forEach(options::remove);
    return options;
  }
}
