package io.cablecluster.gateway.sse;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/**
 * Server-Sent Events, as AnyCable-Go's {@code sse} package: off unless {@code sse}, served on exactly
 * {@code sse_path} (GET and POST). AnyCable-Go's default path {@code /events} is kept: the event service
 * takes only {@code POST /events/<name>} (a name is required), so the two routes are disjoint.
 *
 * @param enabled     {@code sse}
 * @param path        {@code sse_path}
 * @param maxBodySize bytes of a POST body (JSON lines of commands); AnyCable-Go's fixed 64 kB
 */
public record SseConfig(boolean enabled, String path, int maxBodySize) {

  public static final Option<Boolean> SSE = Option.bool("sse", false,
      "serve Server-Sent Events on sse_path (GET with channel parameters, POST with JSON-lines commands)");
  public static final Option<String> SSE_PATH = Option.string("sse_path", "/events",
      "path of the Server-Sent Events endpoint (exactly this path; POST /events/<name> stays the event service's)");
  /** AnyCable-Go's {@code defaultMaxBodySize} (sse/config.go), not an option there either. */
  static final int MAX_BODY_SIZE = 65536;

  public static SseConfig from(Settings s) {
    String path = SSE_PATH.read(s);
    if (!path.startsWith("/") || path.length() < 2 || path.contains(":") || path.contains("*")) {
      throw new ConfigException("sse_path must be a path such as /events (no parameters or wildcards), got " + path);
    }
    return new SseConfig(SSE.read(s), path, MAX_BODY_SIZE);
  }
}
