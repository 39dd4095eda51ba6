package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Redis ingestion options. Redis is used only when a URL is given explicitly ({@code redis_url},
 * {@code ANYCABLE_REDIS_URL} or {@code REDIS_URL}) and the adapter list names redis or redisx: unlike
 * AnyCable-Go, the default never dials localhost:6379.
 *
 * @param url            null when Redis is not used at all
 * @param pubsub         AnyCable's pub/sub adapter ({@code PUBLISH <channel> <payload>})
 * @param redisx         AnyCable's RedisX adapter ({@code XADD <redisxStream> * payload <payload>})
 * @param streams        keys and glob patterns of backend streams (design:jobs…); empty = off
 * @param targets        where an entry of a backend stream goes when it names no stream itself
 * @param consumer       this replica's consumer name inside every group; stable across restarts
 * @param pubsubLeaseMs  broadcaster-only replicas: how long a silent pub/sub listener keeps its lease
 */
public record RedisConfig(String url, boolean http, boolean pubsub, String channel, boolean redisx,
                          String redisxStream, String redisxGroup, List<String> streams, String streamsGroup,
                          List<TargetRule> targets, String consumer, long claimIdleMs, long scanIntervalMs,
                          int maxKeys, boolean enableKeyspaceEvents, long pubsubLeaseMs) {

  public static final List<String> ADAPTERS = List.of("http", "redis", "redisx");
  public static final List<String> DEFAULT_STREAMS = List.of("design:jobs", "design:jobs:*");
  public static final String DEFAULT_TARGETS = "design:jobs=design:jobs:{id},*={key}";

  public static RedisConfig from(Settings s, int mainPort) {
    String url = s.string("redis_url", "", "REDIS_URL");
    boolean configured = !url.isEmpty();
    List<String> adapters = s.list("broadcast_adapter", configured ? List.of("http", "redis") : List.of("http"));
    for (String adapter : adapters) {
      if (!ADAPTERS.contains(adapter)) {
        throw ConfigException.invalid("broadcast_adapter", String.join(",", adapters),
            "a comma list of " + String.join(", ", ADAPTERS));
      }
    }
    if (configured) {
      validateUrl(url);
    }
    boolean wantsRedis = adapters.contains("redis") || adapters.contains("redisx");
    boolean useRedis = configured && wantsRedis;
    List<String> streams = s.list("redis_streams", DEFAULT_STREAMS);
    if (streams.size() == 1 && "none".equalsIgnoreCase(streams.get(0))) {
      streams = List.of();
    }
    List<TargetRule> targets = TargetRule.parseAll(s.string("redis_streams_target", DEFAULT_TARGETS));
    return new RedisConfig(
        useRedis ? url : null,
        // Without Redis the HTTP endpoint is the only way in, so it stays on whatever the list says.
        adapters.contains("http") || !useRedis,
        useRedis && adapters.contains("redis"),
        s.string("redis_channel", "__anycable__"),
        useRedis && adapters.contains("redisx"),
        s.string("redisx_stream", "__anycable__"),
        s.string("redisx_group", "bx"),
        useRedis ? streams : List.of(),
        s.string("redis_streams_group", "cable-cluster"),
        targets,
        s.string("redis_consumer", defaultConsumer(mainPort)),
        s.integer("redis_streams_claim_idle_ms", 30_000, 100, 24 * 3600 * 1000),
        s.integer("redis_streams_scan_interval_ms", 5_000, 100, 3600 * 1000),
        s.integer("redis_streams_max_keys", 10_000, 1, 1_000_000),
        s.bool("redis_streams_enable_keyspace_events", false),
        s.integer("redis_pubsub_lease_ms", 5_000, 300, 600_000));
  }

  /** True when an adapter asked for Redis but no URL was given: we stay off Redis and say so. */
  public static boolean redisRequestedWithoutUrl(Settings s) {
    String url = s.string("redis_url", "", "REDIS_URL");
    List<String> adapters = s.list("broadcast_adapter", List.of("http"));
    return url.isEmpty() && (adapters.contains("redis") || adapters.contains("redisx"));
  }

  public boolean enabled() {
    return url != null;
  }

  /** The logical database the URL selects (for keyspace notification channels). */
  public int database() {
    String path = URI.create(url).getPath();
    if (path == null || path.length() <= 1) {
      return 0;
    }
    return Integer.parseInt(path.substring(1));
  }

  private static void validateUrl(String url) {
    try {
      URI uri = URI.create(url);
      String path = uri.getPath();
      boolean scheme = "redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme());
      if (!scheme || uri.getHost() == null || (path != null && path.length() > 1 && !path.substring(1).matches("\\d+"))) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw ConfigException.invalid("redis_url", url, "a URL like redis://[:password@]host:port[/db]");
    }
  }

  private static String defaultConsumer(int mainPort) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "node";
    }
    return host + "-" + mainPort;
  }
}
