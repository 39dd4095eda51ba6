package io.cablecluster.broadcaster.events;

import io.cablecluster.core.Secrets;
import io.cablecluster.core.SharedOptions;
import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/**
 * The plain-WebSocket event service: browsers connect to {@code wsPath}, backends POST to
 * {@code <eventsPath>/<event-name>}. Safe by default:
 * <ul>
 *   <li>keyed when a key exists: {@code events_key}, else HMAC(secret, "events-cable") exactly as the broadcast
 *   key is derived ({@link SharedOptions#endpointKey}); POSTs need {@code Authorization: Bearer <key>} and
 *   listeners the <em>listen key</em> ({@code events_ws_key}, else HMAC(events key, "events-listen")), which
 *   lets a page listen but not publish;</li>
 *   <li>open (no key at all) only with {@code --public} or an explicit {@code events_key=none};</li>
 *   <li>off otherwise (no secret, no key): nothing is mounted, {@code /ws} and {@code /events} are 404s.</li>
 * </ul>
 *
 * @param enabled   whether the service is mounted
 * @param key       bearer key of POSTs; null = anyone may POST (only when open)
 * @param listenKey what a {@code /ws} client must present; null = anyone may listen
 * @param offReason why the service is off although {@code events_service} is true, else null
 */
public record EventsConfig(boolean enabled, String wsPath, String eventsPath, String key, String listenKey,
                           int maxBodyBytes, String offReason) {

  /** The purpose string the events key is derived from the secret with (as "broadcast-cable" for broadcasts). */
  public static final String KEY_PURPOSE = "events-cable";
  /** The purpose string the listen key is derived from the events key with. */
  public static final String LISTEN_PURPOSE = "events-listen";
  /** The query parameter a browser passes the listen key in (WebSocket clients in browsers cannot set headers). */
  public static final String LISTEN_PARAM = "key";

  public static final Option<Boolean> EVENTS_SERVICE = Option.bool("events_service", true,
      "plain-WebSocket event service on the main port, when keyed or public");
  public static final Option<String> EVENTS_WS_PATH = Option.string("events_ws_path", "/ws",
      "where browsers connect to receive events");
  public static final Option<String> EVENTS_PATH = Option.string("events_path", "/events",
      "where backends POST <path>/<event-name>");
  public static final Option<String> EVENTS_KEY = Option.string("events_key", "",
      "bearer key of POSTs; none leaves the service open").defaultShownAs("HMAC(secret, \"events-cable\")");
  public static final Option<String> EVENTS_WS_KEY = Option.string("events_ws_key", "",
      "what /ws listeners present (?key= or Authorization: Bearer); none lets anyone listen")
      .defaultShownAs("HMAC(events_key, \"events-listen\")");
  public static final Option<Integer> EVENTS_MAX_SIZE = Option.integer("events_max_size", 1024 * 1024, 1024,
      64 * 1024 * 1024, "body limit of a POSTed event, bytes").defaultShownAs("1 MiB");

  /** For tests and tools: parses the shared options ({@code secret}, {@code public}) too. */
  public static EventsConfig from(Settings s) {
    return from(SharedOptions.from(s), s);
  }

  public static EventsConfig from(SharedOptions shared, Settings s) {
    String ws = path(EVENTS_WS_PATH, s);
    String events = path(EVENTS_PATH, s);
    String explicit = EVENTS_KEY.read(s);
    String listenExplicit = EVENTS_WS_KEY.read(s);
    String key = shared.endpointKey(explicit, KEY_PURPOSE);
    boolean open = key == null && (shared.publicMode() || "none".equals(explicit));
    String listenKey = key == null ? null : Secrets.derive(listenExplicit, key, LISTEN_PURPOSE);
    String offReason = null;
    if (key == null && !open) {
      offReason = "no events_key and no secret to derive one from (set either, or events_key=none / --public"
          + " for an open service)";
    }
    boolean wanted = EVENTS_SERVICE.read(s);
    return new EventsConfig(wanted && offReason == null, ws, stripSlash(events), key, listenKey,
        EVENTS_MAX_SIZE.read(s), wanted ? offReason : null);
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
