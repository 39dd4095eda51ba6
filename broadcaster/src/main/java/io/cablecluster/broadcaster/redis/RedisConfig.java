package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
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
 * @param requestedWithoutUrl an adapter asked for Redis but no URL was given: we stay off Redis and say so
 */
public record RedisConfig(String url, boolean http, boolean pubsub, String channel, boolean redisx,
                          String redisxStream, String redisxGroup, List<String> streams, String streamsGroup,
                          List<TargetRule> targets, String consumer, long claimIdleMs, long scanIntervalMs,
                          int maxKeys, boolean enableKeyspaceEvents, long pubsubLeaseMs,
                          boolean requestedWithoutUrl) {

  public static final List<String> ADAPTERS = List.of("http", "redis", "redisx");
  public static final List<String> DEFAULT_STREAMS = List.of("design:jobs", "design:jobs:*");
  public static final String DEFAULT_TARGETS = "design:jobs=design:jobs:{id},*={key}";

  public static final Option<String> REDIS_URL = Option.string("redis_url", "",
      "redis://[user:password@]host:port[/db] or rediss://; Redis stays off without it").env("REDIS_URL");
  public static final Option<List<String>> BROADCAST_ADAPTER = Option.list("broadcast_adapter", List.of("http"),
      "comma list of http, redis, redisx").defaultShownAs("http without URL, http,redis with one");
  public static final Option<String> REDIS_CHANNEL = Option.string("redis_channel", "__anycable__",
      "pub/sub channel");
  public static final Option<String> REDISX_STREAM = Option.string("redisx_stream", "__anycable__",
      "RedisX stream");
  public static final Option<String> REDISX_GROUP = Option.string("redisx_group", "bx", "RedisX consumer group");
  public static final Option<List<String>> REDIS_STREAMS = Option.list("redis_streams", DEFAULT_STREAMS,
      "backend stream keys and globs; none turns them off");
  public static final Option<String> REDIS_STREAMS_GROUP = Option.string("redis_streams_group", "cable-cluster",
      "the consumer group every replica shares");
  public static final Option<String> REDIS_STREAMS_TARGET = Option.string("redis_streams_target", DEFAULT_TARGETS,
      "<key glob>=<stream template> rules, first match wins");
  public static final Option<String> REDIS_CONSUMER = Option.string("redis_consumer", "",
      "this replica's consumer name; keep it stable across restarts").defaultShownAs("<hostname>-<port>");
  public static final Option<Integer> REDIS_STREAMS_CLAIM_IDLE_MS = Option.integer("redis_streams_claim_idle_ms",
      30_000, 100, 24 * 3600 * 1000, "pending entries idle this long are claimed from dead consumers");
  public static final Option<Integer> REDIS_STREAMS_SCAN_INTERVAL_MS = Option.integer(
      "redis_streams_scan_interval_ms", 5_000, 100, 3600 * 1000, "SCAN period for keys matching the globs");
  public static final Option<Integer> REDIS_STREAMS_MAX_KEYS = Option.integer("redis_streams_max_keys", 10_000, 1,
      1_000_000, "bound on watched keys");
  public static final Option<Boolean> REDIS_STREAMS_ENABLE_KEYSPACE_EVENTS = Option.bool(
      "redis_streams_enable_keyspace_events", false, "turn on keyspace notifications so new keys are found at once");
  public static final Option<Integer> REDIS_PUBSUB_LEASE_MS = Option.integer("redis_pubsub_lease_ms", 5_000, 300,
      600_000, "broadcaster-only replicas: pub/sub lease TTL");

  public static RedisConfig from(Settings s, int mainPort) {
    String url = REDIS_URL.read(s);
    boolean configured = !url.isEmpty();
    List<String> adapters = BROADCAST_ADAPTER.read(s, configured ? List.of("http", "redis") : List.of("http"));
    for (String adapter : adapters) {
      if (!ADAPTERS.contains(adapter)) {
        throw ConfigException.invalid(BROADCAST_ADAPTER.name(), String.join(",", adapters),
            "a comma list of " + String.join(", ", ADAPTERS));
      }
    }
    if (configured) {
      validateUrl(url);
    }
    boolean wantsRedis = adapters.contains("redis") || adapters.contains("redisx");
    boolean useRedis = configured && wantsRedis;
    List<String> streams = REDIS_STREAMS.read(s);
    if (streams.size() == 1 && "none".equalsIgnoreCase(streams.get(0))) {
      streams = List.of();
    }
    List<TargetRule> targets = TargetRule.parseAll(REDIS_STREAMS_TARGET.read(s));
    return new RedisConfig(
        useRedis ? url : null,
        // Without Redis the HTTP endpoint is the only way in, so it stays on whatever the list says.
        adapters.contains("http") || !useRedis,
        useRedis && adapters.contains("redis"),
        REDIS_CHANNEL.read(s),
        useRedis && adapters.contains("redisx"),
        REDISX_STREAM.read(s),
        REDISX_GROUP.read(s),
        useRedis ? streams : List.of(),
        REDIS_STREAMS_GROUP.read(s),
        targets,
        REDIS_CONSUMER.read(s, defaultConsumer(mainPort)),
        REDIS_STREAMS_CLAIM_IDLE_MS.read(s),
        REDIS_STREAMS_SCAN_INTERVAL_MS.read(s),
        REDIS_STREAMS_MAX_KEYS.read(s),
        REDIS_STREAMS_ENABLE_KEYSPACE_EVENTS.read(s),
        REDIS_PUBSUB_LEASE_MS.read(s),
        !configured && wantsRedis);
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
