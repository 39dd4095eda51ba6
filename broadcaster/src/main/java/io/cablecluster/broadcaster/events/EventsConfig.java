package io.cablecluster.broadcaster.events;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;

/**
 * The plain-WebSocket event service: browsers connect to {@code wsPath}, backends POST to
 * {@code <eventsPath>/<event-name>}. {@code key} (null = open, as such services usually are) is the bearer
 * token POSTs must carry.
 */
public record EventsConfig(boolean enabled, String wsPath, String eventsPath, String key, int maxBodyBytes) {

  public static EventsConfig from(Settings s) {
    String ws = s.string("events_ws_path", "/ws");
    String events = s.string("events_path", "/events");
    for (String[] option : new String[][] {{"events_ws_path", ws}, {"events_path", events}}) {
      if (!option[1].startsWith("/") || option[1].length() < 2) {
        throw ConfigException.invalid(option[0], option[1], "a path starting with / (e.g. /ws, /events)");
      }
    }
    String key = s.string("events_key", "");
    return new EventsConfig(s.bool("events_service", true), ws, stripSlash(events),
        key.isEmpty() || "none".equals(key) ? null : key,
        s.integer("events_max_size", 1024 * 1024, 1024, 64 * 1024 * 1024));
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
