package io.cablecluster.gateway.config;

import io.cablecluster.core.SharedOptions;
import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import java.util.List;
import java.util.Locale;

/**
 * Gateway options, AnyCable names (see PROTOCOL.md §g), each declared once below; {@code secret},
 * {@code public} and RPC come parsed from {@link SharedOptions}; {@code max_conn} and {@code allowed_origins}
 * belong to the HTTP front (core's {@code AdmissionConfig}), which applies them to every WebSocket path. Secrets here are raw: null means "not set".
 */
public record GatewayConfig(
    List<String> paths,
    int pingIntervalSeconds,
    String pingPrecision,
    int pongTimeoutSeconds,
    int maxMessageSize,
    int maxPendingBytes,
    int maxPendingCommands,
    boolean noauth,
    boolean rpcEnabled,
    String jwtSecret,
    String jwtParam,
    boolean enforceJwt,
    String streamsSecret,
    boolean publicStreams,
    boolean streamsWhisper,
    boolean streamsPresence,
    String pubsubChannel,
    String turboSecret,
    String cableReadySecret,
    List<String> headers,
    List<String> proxyCookies,
    String disconnectMode,
    int disconnectRate,
    int disconnectBacklogSize,
    int maxSubscriptions,
    int maxIdentifierSize,
    boolean wsCompression) {

  public static final Option<List<String>> PATH = Option.list("path", List.of("/cable"),
      "WebSocket paths (comma list)");
  public static final Option<Integer> PING_INTERVAL = Option.integer("ping_interval", 3, 1, 3600,
      "seconds between pings");
  public static final Option<String> PING_TIMESTAMP_PRECISION = Option.choice("ping_timestamp_precision", "s",
      List.of("s", "ms", "ns"), "unit of the ping message's timestamp");
  public static final Option<Integer> PONG_TIMEOUT = Option.integer("pong_timeout", 0, 0, 3600,
      "extended protocol: seconds without a pong before closing; 0 = off");
  public static final Option<Integer> MAX_MESSAGE_SIZE = Option.integer("max_message_size", 65536, 128,
      64 * 1024 * 1024, "largest client frame, bytes");
  public static final Option<Integer> WS_MAX_PENDING_SIZE = Option.integer("ws_max_pending_size", 1024 * 1024,
      4096, 256 * 1024 * 1024, "unsent bytes per socket before it counts as slow").defaultShownAs("1 MiB");
  public static final Option<Integer> MAX_PENDING_COMMANDS = Option.integer("max_pending_commands", 64, 1,
      100_000, "commands per socket waiting for RPC");
  public static final Option<Boolean> NOAUTH = Option.bool("noauth", false, "accept every connection");
  public static final Option<String> JWT_SECRET = Option.string("jwt_secret", "",
      "JWT identification key; none disables").formerly("jwt_id_key").defaultShownAs("secret");
  public static final Option<String> JWT_PARAM = Option.string("jwt_param", "jid",
      "query parameter (or X-<param> header) carrying the token");
  public static final Option<Boolean> ENFORCE_JWT = Option.bool("enforce_jwt", false,
      "refuse connections without a valid token");
  public static final Option<String> STREAMS_SECRET = Option.string("streams_secret", "",
      "key of signed $pubsub streams; none disables").defaultShownAs("secret");
  public static final Option<Boolean> PUBLIC_STREAMS = Option.bool("public_streams", false,
      "allow unsigned $pubsub streams");
  public static final Option<Boolean> STREAMS_WHISPER = Option.bool("streams_whisper", false,
      "allow whisper on $pubsub streams");
  public static final Option<Boolean> STREAMS_PRESENCE = Option.bool("streams_presence", true,
      "allow presence (join, leave, presence) on signed $pubsub streams; public ones always allow it");
  public static final Option<String> PUBSUB_CHANNEL = Option.string("pubsub_channel", "$pubsub",
      "channel name of direct stream subscriptions");
  public static final Option<Boolean> TURBO_STREAMS = Option.bool("turbo_streams", false,
      "local Turbo Streams channel");
  public static final Option<String> TURBO_STREAMS_SECRET = Option.string("turbo_streams_secret", "",
      "key of signed Turbo stream names (turns the channel on)").formerly("turbo_rails_key")
      .defaultShownAs("streams_secret");
  public static final Option<Boolean> CABLE_READY = Option.bool("cable_ready", false, "local CableReady channel");
  public static final Option<String> CABLE_READY_SECRET = Option.string("cable_ready_secret", "",
      "key of signed CableReady stream names (turns the channel on)").formerly("cable_ready_key")
      .defaultShownAs("streams_secret");
  public static final Option<List<String>> HEADERS = Option.list("headers", List.of("cookie"),
      "request headers forwarded to RPC");
  public static final Option<List<String>> PROXY_COOKIES = Option.list("proxy_cookies", List.of(),
      "cookies forwarded to RPC").defaultShownAs("all");
  public static final Option<String> DISCONNECT_MODE = Option.choice("disconnect_mode", "auto",
      List.of("auto", "always", "never"), "when Disconnect RPC calls are made");
  public static final Option<Integer> DISCONNECT_RATE = Option.integer("disconnect_rate", 100, 1, 1_000_000,
      "Disconnect RPC calls per second");
  /** AnyCable-Go's name and default; it blocks the closing connection when full, an event loop cannot. */
  public static final Option<Integer> DISCONNECT_BACKLOG_SIZE = Option.integer("disconnect_backlog_size", 4096, 1,
      10_000_000, "Disconnect RPC calls waiting to be sent; beyond it new ones are dropped and counted");
  /**
   * Not in AnyCable-Go (it has no cap). 128 leaves room for pages that subscribe per item while bounding
   * what one socket holds and what one broadcast builds for it.
   */
  public static final Option<Integer> MAX_SUBSCRIPTIONS = Option.integer("max_subscriptions", 128, 0, 1_000_000,
      "subscriptions per connection; more are rejected; 0 = no limit");
  /**
   * Not in AnyCable-Go (its only bound is the message size). An identifier is a small JSON object; signed
   * Turbo or CableReady stream names, the longest common ones, are a few hundred bytes, so 2 KiB is several
   * times that while keeping 128 subscriptions under 256 KiB of identifiers.
   */
  public static final Option<Integer> MAX_IDENTIFIER_SIZE = Option.integer("max_identifier_size", 2048, 0,
      64 * 1024 * 1024, "largest channel identifier, UTF-8 bytes; larger ones are rejected; 0 = no limit")
      .defaultShownAs("2 KiB");

  /**
   * AnyCable-Go's name and default (off; "experimental" there). On, permessage-deflate is offered and every
   * client message's inflated size is capped at {@code max_message_size}: inflation stops there and the
   * socket closes with 1009. Off, a client that sends a compressed frame anyway breaks the protocol (1002).
   */
  public static final Option<Boolean> ENABLE_WS_COMPRESSION = Option.bool("enable_ws_compression", false,
      "offer permessage-deflate; a message inflating past max_message_size closes with 1009");

  /** For tests and tools: parses the shared options ({@code secret}, {@code public}, RPC) too. */
  public static GatewayConfig from(Settings s) {
    return from(SharedOptions.from(s), s);
  }

  public static GatewayConfig from(SharedOptions shared, Settings s) {
    List<String> paths = PATH.read(s);
    for (String path : paths) {
      if (!path.startsWith("/")) {
        throw ConfigException.invalid(PATH.name(), path, "paths starting with /");
      }
    }
    String secret = shared.secret();
    String jwtSecret = firstNonNull(blankToNull(JWT_SECRET.read(s)), secret);
    String streamsSecret = firstNonNull(blankToNull(STREAMS_SECRET.read(s)), secret);
    boolean turbo = TURBO_STREAMS.read(s);
    String turboKey = blankToNull(TURBO_STREAMS_SECRET.read(s));
    boolean cableReady = CABLE_READY.read(s);
    String cableReadyKey = blankToNull(CABLE_READY_SECRET.read(s));
    return new GatewayConfig(
        paths,
        PING_INTERVAL.read(s),
        PING_TIMESTAMP_PRECISION.read(s),
        PONG_TIMEOUT.read(s),
        MAX_MESSAGE_SIZE.read(s),
        WS_MAX_PENDING_SIZE.read(s),
        MAX_PENDING_COMMANDS.read(s),
        shared.publicMode() || NOAUTH.read(s),
        shared.rpcEnabled(),
        noneToNull(jwtSecret),
        JWT_PARAM.read(s),
        ENFORCE_JWT.read(s),
        noneToNull(streamsSecret),
        shared.publicMode() || PUBLIC_STREAMS.read(s),
        STREAMS_WHISPER.read(s),
        STREAMS_PRESENCE.read(s),
        PUBSUB_CHANNEL.read(s),
        turbo || turboKey != null ? noneToNull(firstNonNull(turboKey, streamsSecret)) : null,
        cableReady || cableReadyKey != null ? noneToNull(firstNonNull(cableReadyKey, streamsSecret)) : null,
        HEADERS.read(s).stream().map(h -> h.toLowerCase(Locale.ROOT)).toList(),
        PROXY_COOKIES.read(s),
        DISCONNECT_MODE.read(s),
        DISCONNECT_RATE.read(s),
        DISCONNECT_BACKLOG_SIZE.read(s),
        MAX_SUBSCRIPTIONS.read(s),
        MAX_IDENTIFIER_SIZE.read(s),
        ENABLE_WS_COMPRESSION.read(s));
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
