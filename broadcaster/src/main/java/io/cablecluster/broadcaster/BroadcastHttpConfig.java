package io.cablecluster.broadcaster;

import io.cablecluster.core.SharedOptions;
import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/**
 * HTTP broadcast options. The endpoint shares the main port when it is protected by a key (explicit or
 * derived from the secret), else it listens on its own port (8090), as AnyCable-Go does.
 * {@code key} is null when no authentication is required.
 */
public record BroadcastHttpConfig(String path, String key, int port, boolean cors, int maxBodyBytes) {

  /** AnyCable's purpose string for deriving the broadcast key from {@code secret}. */
  public static final String KEY_PURPOSE = "broadcast-cable";
  static final int OWN_PORT = 8090;

  public static final Option<String> BROADCAST_KEY = Option.string("broadcast_key", "",
      "bearer key of /_broadcast; none disables").env("ANYCABLE_HTTP_BROADCAST_SECRET")
      .defaultShownAs("HMAC(secret, \"broadcast-cable\")");
  public static final Option<Integer> HTTP_BROADCAST_PORT = Option.integer("http_broadcast_port", OWN_PORT, 0, 65535,
      "port of the HTTP broadcast endpoint").defaultShownAs("main port if keyed, else 8090");
  public static final Option<String> HTTP_BROADCAST_PATH = Option.string("http_broadcast_path", "/_broadcast",
      "path of the HTTP broadcast endpoint");
  public static final Option<Integer> HTTP_BROADCAST_MAX_SIZE = Option.integer("http_broadcast_max_size",
      1024 * 1024, 1024, 64 * 1024 * 1024, "body limit of a broadcast, bytes").defaultShownAs("1 MiB");
  public static final Option<Boolean> HTTP_BROADCAST_CORS = Option.bool("http_broadcast_cors", false,
      "answer CORS preflights so browsers may POST broadcasts");

  /** For tests and tools: parses the shared options ({@code public}, {@code secret}) too. */
  public static BroadcastHttpConfig from(Settings s, int mainPort) {
    return from(SharedOptions.from(s), s, mainPort);
  }

  public static BroadcastHttpConfig from(SharedOptions shared, Settings s, int mainPort) {
    String explicit = BROADCAST_KEY.read(s);
    String key = shared.endpointKey(explicit, KEY_PURPOSE);
    int port = HTTP_BROADCAST_PORT.read(s, key != null ? mainPort : OWN_PORT);
    String path = HTTP_BROADCAST_PATH.read(s);
    if (!path.startsWith("/")) {
      throw ConfigException.invalid(HTTP_BROADCAST_PATH.name(), path, "a path starting with /");
    }
    return new BroadcastHttpConfig(path, key, port, HTTP_BROADCAST_CORS.read(s), HTTP_BROADCAST_MAX_SIZE.read(s));
  }
}
