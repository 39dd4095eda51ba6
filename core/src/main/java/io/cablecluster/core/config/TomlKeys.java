package io.cablecluster.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each option lives in a config file. AnyCable-Go's options keep AnyCable-Go's keys (its {@code toml} tags
 * and {@code ToToml} output: {@code [server] port}, {@code broadcast_adapters}, {@code [ws] paths},
 * {@code [jwt] secret}, …), which differ from the flag names, hence this explicit table. Options AnyCable-Go
 * lacks live in sections of their own ({@code [cluster]}, {@code [node]}, {@code [admission]}, {@code [limits]},
 * {@code [history]}, {@code [sessions]}, {@code [presence]}, {@code [events]}, {@code [redis_streams]}) under their
 * option names, so one name is all an operator learns. The table is by option name: an entry for an option this
 * build does not declare is harmless (it is read when the option is).
 */
public final class TomlKeys {
  /** How a key's TOML value relates to the option's value. */
  public enum Shape {
    /** The option's own type (a list option also accepts a comma string). */
    PLAIN,
    /** A list option that AnyCable-Go spells as one comma-separated string ({@code allowed_origins}). */
    COMMA_STRING,
    /** A table of strings, read as the {@code key:value} list the option takes ({@code [metrics] tags}). */
    TABLE,
    /** {@code [rpc] implementation}: "none" is {@code norpc}, "http" or "" leave RPC to {@code rpc_host}. */
    RPC_IMPLEMENTATION
  }

  /**
   * One key: its dotted path ({@code server.port}), the option it sets, its shape, and whether it is where
   * {@code --print-config} writes the option (a second key for the same option, e.g. AnyCable-Go's
   * deprecated {@code [http_broadcast] secret}, is read only when the first is absent).
   */
  public record Key(String path, String option, Shape shape, boolean home) {
    public String section() {
      int dot = path.indexOf('.');
      return dot < 0 ? "" : path.substring(0, dot);
    }

    public String name() {
      return path.substring(path.indexOf('.') + 1);
    }
  }

  private static final List<Key> KEYS = new ArrayList<>();

  static {
    // AnyCable-Go's top level (config/config.go)
    go("secret", "secret");
    go("broadcast_key", "broadcast_key");
    go("noauth", "noauth");
    go("public", "public");
    go("broadcast_adapters", "broadcast_adapter");
    go("server.host", "host");
    go("server.port", "port");
    KEYS.add(new Key("server.allowed_origins", "allowed_origins", Shape.COMMA_STRING, true));
    go("server.max_conn", "max_conn");
    go("server.health_path", "health_path");
    go("logging.level", "log_level");
    go("logging.format", "log_format");
    go("logging.debug", "debug");
    KEYS.add(new Key("rpc.implementation", "norpc", Shape.RPC_IMPLEMENTATION, true));
    go("rpc.host", "rpc_host");
    go("rpc.proxy_headers", "headers");
    go("rpc.proxy_cookies", "proxy_cookies");
    go("rpc.concurrency", "rpc_concurrency");
    go("rpc.secret", "http_rpc_secret");
    go("rpc.request_timeout", "rpc_request_timeout");
    go("rpc.command_timeout", "rpc_command_timeout");
    go("broker.adapter", "broker");
    go("broker.history_ttl", "history_ttl");
    go("broker.history_limit", "history_limit");
    go("broker.sessions_ttl", "sessions_ttl");
    go("broker.presence_ttl", "presence_ttl");
    go("jwt.secret", "jwt_secret");
    go("jwt.param", "jwt_param");
    go("jwt.force", "enforce_jwt");
    go("streams.secret", "streams_secret");
    go("streams.public", "public_streams");
    go("streams.whisper", "streams_whisper");
    go("streams.presence", "streams_presence");
    go("streams.pubsub_channel", "pubsub_channel");
    go("streams.turbo", "turbo_streams");
    go("streams.turbo_secret", "turbo_streams_secret");
    go("streams.cable_ready", "cable_ready");
    go("streams.cable_ready_secret", "cable_ready_secret");
    go("ws.paths", "path");
    go("ws.max_message_size", "max_message_size");
    go("ws.max_pending_size", "ws_max_pending_size");
    go("ws.enable_compression", "enable_ws_compression");
    go("sse.enabled", "sse");
    go("sse.path", "sse_path");
    go("redis.url", "redis_url");
    go("http_broadcast.port", "http_broadcast_port");
    go("http_broadcast.path", "http_broadcast_path");
    KEYS.add(new Key("http_broadcast.secret", "broadcast_key", Shape.PLAIN, false));
    go("http_broadcast.cors_headers", "http_broadcast_cors");
    go("redis_stream_broadcast.stream", "redisx_stream");
    go("redis_stream_broadcast.group", "redisx_group");
    go("redis_pubsub_broadcast.channel", "redis_channel");
    // ToToml writes "http" while the struct's toml tag (what its loader reads) is "http_path": read both.
    go("metrics.http", "metrics_http");
    KEYS.add(new Key("metrics.http_path", "metrics_http", Shape.PLAIN, false));
    go("metrics.port", "metrics_port");
    KEYS.add(new Key("metrics.tags", "metrics_tags", Shape.TABLE, true));
    go("app.ping_interval", "ping_interval");
    go("app.ping_timestamp_precision", "ping_timestamp_precision");
    go("app.pong_timeout", "pong_timeout");
    go("app.disconnect_mode", "disconnect_mode");
    go("app.shutdown_timeout", "shutdown_timeout");
    go("app.shutdown_delay", "shutdown_delay");
    // node.DisconnectQueueConfig has no toml tags: BurntSushi/toml matches "rate" and "backlog" by field name.
    go("disconnector.rate", "disconnect_rate");
    go("disconnector.backlog", "disconnect_backlog_size");

    // cable-cluster's own options, under their option names
    own("node", "roles", "http_instances", "readiness_path", "metrics_key");
    own("admission", "read_header_timeout", "http_idle_timeout", "max_heap_usage");
    own("limits", "max_pending_commands", "max_subscriptions", "max_identifier_size", "http_broadcast_max_size");
    own("history", "history_max_streams", "history_max_bytes", "history_max_node_bytes");
    own("sessions", "sessions_max", "sessions_max_bytes");
    own("presence", "presence_max_info_bytes", "presence_max_records");
    own("identity_provider", "jwt_jwks_url", "jwt_jwks_refresh_interval", "jwt_jwks_ttl", "jwt_jwks_timeout",
        "jwt_audience", "jwt_issuer", "jwt_identifiers_claims", "jwt_bearer_header");
    own("events", "events_service", "events_ws_path", "events_path", "events_key", "events_ws_key",
        "events_max_size");
    own("redis_streams", "redis_streams", "redis_streams_group", "redis_streams_target", "redis_consumer",
        "redis_streams_claim_idle_ms", "redis_streams_scan_interval_ms", "redis_streams_max_keys",
        "redis_streams_enable_keyspace_events", "redis_pubsub_lease_ms");
    own("cluster", "cluster", "cluster_name", "cluster_port", "cluster_port_count", "cluster_members",
        "cluster_service_dns", "cluster_service_port", "cluster_interface", "cluster_public_address",
        "eventbus_host", "eventbus_port", "eventbus_public_host", "eventbus_public_port", "cluster_tls_key",
        "cluster_tls_cert", "cluster_tls_ca", "stream_route_window", "stream_linger", "stream_linger_max");
  }

  private static final List<Key> ALL = Collections.unmodifiableList(KEYS);
  private static final Map<String, Key> BY_PATH = new LinkedHashMap<>();
  private static final Map<String, Key> HOME = new LinkedHashMap<>();

  static {
    for (Key key : ALL) {
      if (BY_PATH.put(key.path(), key) != null) {
        throw new IllegalStateException("TOML key mapped twice: " + key.path());
      }
      if (key.home() && HOME.put(key.option(), key) != null) {
        throw new IllegalStateException("option with two TOML homes: " + key.option());
      }
    }
  }

  private TomlKeys() {
  }

  private static void go(String path, String option) {
    KEYS.add(new Key(path, option, Shape.PLAIN, true));
  }

  private static void own(String section, String... options) {
    for (String option : options) {
      KEYS.add(new Key(section + "." + option, option, Shape.PLAIN, true));
    }
  }

  /** Every key, AnyCable-Go's first (in its {@code ToToml} order), then the own sections. */
  public static List<Key> all() {
    return ALL;
  }

  /** The key a dotted path names, or null when it sets nothing here. */
  public static Key byPath(String path) {
    return BY_PATH.get(path);
  }

  /** Where {@code --print-config} writes an option, or null when it has no key (then only flags and env set it). */
  public static Key home(String option) {
    return HOME.get(option);
  }

  /** The sections of the own options (not AnyCable-Go's), for documentation and tests. */
  public static List<String> ownSections() {
    return List.of("node", "admission", "limits", "history", "sessions", "presence", "events", "redis_streams",
        "cluster");
  }
}
