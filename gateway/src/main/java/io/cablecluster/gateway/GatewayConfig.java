package io.cablecluster.gateway;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import java.util.List;

/** Gateway options, AnyCable names (see PROTOCOL.md §g). Secrets here are raw: null means "not set". */
public record GatewayConfig(
    List<String> paths,
    int pingIntervalSeconds,
    String pingPrecision,
    int pongTimeoutSeconds,
    int maxMessageSize,
    int maxPendingBytes,
    int maxPendingCommands,
    List<String> allowedOrigins,
    int maxConnections,
    boolean noauth,
    boolean rpcEnabled,
    String jwtSecret,
    String jwtParam,
    boolean enforceJwt,
    String streamsSecret,
    boolean publicStreams,
    boolean streamsWhisper,
    String pubsubChannel,
    String turboSecret,
    String cableReadySecret,
    List<String> headers,
    List<String> proxyCookies,
    String disconnectMode,
    int disconnectRate) {

  public static GatewayConfig from(Settings s) {
    boolean isPublic = s.bool("public", false);
    String secret = blankToNull(s.string("secret", ""));
    String rpcHost = s.string("rpc_host", "");
    boolean norpc = s.bool("norpc", false);
    boolean httpRpc = rpcHost.startsWith("http://") || rpcHost.startsWith("https://");
    if (!rpcHost.isEmpty() && !httpRpc && !norpc) {
      throw ConfigException.invalid("rpc_host", rpcHost, "an http:// or https:// URL (only HTTP RPC is supported)");
    }
    List<String> paths = s.list("path", List.of("/cable"));
    for (String path : paths) {
      if (!path.startsWith("/")) {
        throw ConfigException.invalid("path", path, "paths starting with /");
      }
    }
    String jwtSecret = firstNonNull(blankToNull(s.string("jwt_secret", "")), blankToNull(s.string("jwt_id_key", "")), secret);
    String streamsSecret = firstNonNull(blankToNull(s.string("streams_secret", "")), secret);
    boolean turbo = s.bool("turbo_streams", false);
    String turboKey = firstNonNull(blankToNull(s.string("turbo_streams_secret", "")),
        blankToNull(s.string("turbo_rails_key", "")));
    boolean cableReady = s.bool("cable_ready", false);
    String cableReadyKey = firstNonNull(blankToNull(s.string("cable_ready_secret", "")),
        blankToNull(s.string("cable_ready_key", "")));
    return new GatewayConfig(
        paths,
        s.integer("ping_interval", 3, 1, 3600),
        s.choice("ping_timestamp_precision", "s", List.of("s", "ms", "ns")),
        s.integer("pong_timeout", 0, 0, 3600),
        s.integer("max_message_size", 65536, 128, 64 * 1024 * 1024),
        s.integer("ws_max_pending_size", 1024 * 1024, 4096, 256 * 1024 * 1024),
        s.integer("max_pending_commands", 64, 1, 100_000),
        s.list("allowed_origins", List.of()),
        s.integer("max_conn", 0, 0, 10_000_000),
        isPublic || s.bool("noauth", false),
        httpRpc && !norpc,
        noneToNull(jwtSecret),
        s.string("jwt_param", "jid"),
        s.bool("enforce_jwt", false),
        noneToNull(streamsSecret),
        isPublic || s.bool("public_streams", false),
        s.bool("streams_whisper", false),
        s.string("pubsub_channel", "$pubsub"),
        turbo || turboKey != null ? noneToNull(firstNonNull(turboKey, streamsSecret)) : null,
        cableReady || cableReadyKey != null ? noneToNull(firstNonNull(cableReadyKey, streamsSecret)) : null,
        s.list("headers", List.of("cookie")).stream().map(h -> h.toLowerCase(java.util.Locale.ROOT)).toList(),
        s.list("proxy_cookies", List.of()),
        s.choice("disconnect_mode", "auto", List.of("auto", "always", "never")),
        s.integer("disconnect_rate", 100, 1, 1_000_000));
  }

  public boolean jwtEnabled() {
    return jwtSecret != null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String noneToNull(String value) {
    return "none".equals(value) ? null : value;
  }

  @SafeVarargs
  private static <T> T firstNonNull(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
