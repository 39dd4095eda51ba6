package io.cablecluster.broadcaster;

import io.cablecluster.core.Secrets;
import io.cablecluster.core.config.Settings;

/**
 * HTTP broadcast options. The endpoint shares the main port when it is protected by a key (explicit or
 * derived from the secret), else it listens on its own port (8090), as AnyCable-Go does.
 * {@code key} is null when no authentication is required.
 */
public record BroadcastHttpConfig(String path, String key, int port, boolean cors, int maxBodyBytes) {

  public static BroadcastHttpConfig from(Settings s, int mainPort) {
    boolean isPublic = s.bool("public", false);
    String explicit = s.string("broadcast_key", "", "ANYCABLE_HTTP_BROADCAST_SECRET");
    String key = isPublic ? null : Secrets.derive(explicit, s.string("secret", ""), "broadcast-cable");
    int port = s.integer("http_broadcast_port", key != null ? mainPort : 8090, 0, 65535);
    String path = s.string("http_broadcast_path", "/_broadcast");
    if (!path.startsWith("/")) {
      throw io.cablecluster.core.config.ConfigException.invalid("http_broadcast_path", path, "a path starting with /");
    }
    return new BroadcastHttpConfig(path, key, port, s.bool("http_broadcast_cors", false),
        s.integer("http_broadcast_max_size", 1024 * 1024, 1024, 64 * 1024 * 1024));
  }
}
