package io.cablecluster.broadcaster.events;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/**
 * The plain-WebSocket event service: browsers connect to {@code wsPath}, backends POST to
 * {@code <eventsPath>/<event-name>}. {@code key} (null = open, as such services usually are) is the bearer
 * token POSTs must carry.
 */
public record EventsConfig(boolean enabled, String wsPath, String eventsPath, String key, int maxBodyBytes) {

  public static final Option<Boolean> EVENTS_SERVICE = Option.bool("events_service", true,
      "plain-WebSocket event service on the main port");
  public static final Option<String> EVENTS_WS_PATH = Option.string("events_ws_path", "/ws",
      "where browsers connect to receive events");
  public static final Option<String> EVENTS_PATH = Option.string("events_path", "/events",
      "where backends POST <path>/<event-name>");
  public static final Option<String> EVENTS_KEY = Option.string("events_key", "",
      "when set, POSTs need Authorization: Bearer <key>");
  public static final Option<Integer> EVENTS_MAX_SIZE = Option.integer("events_max_size", 1024 * 1024, 1024,
      64 * 1024 * 1024, "body limit of a POSTed event, bytes").defaultShownAs("1 MiB");

  public static EventsConfig from(Settings s) {
    String ws = path(EVENTS_WS_PATH, s);
    String events = path(EVENTS_PATH, s);
    String key = EVENTS_KEY.read(s);
    return new EventsConfig(EVENTS_SERVICE.read(s), ws, stripSlash(events),
        key.isEmpty() || "none".equals(key) ? null : key,
        EVENTS_MAX_SIZE.read(s));
  }

  private static String path(Option<String> option, Settings s) {
    String path = option.read(s);
    if (!path.startsWith("/") || path.length() < 2) {
      throw ConfigException.invalid(option.name(), path, "a path starting with / (e.g. /ws, /events)");
    }
    return path;
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
