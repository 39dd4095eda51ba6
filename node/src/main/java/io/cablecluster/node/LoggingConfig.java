package io.cablecluster.node;

import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.log.JsonLogFormatter;
import io.cablecluster.core.log.TextLogFormatter;
import java.util.List;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * AnyCable-Go's logging options: {@code log_level} (debug, info, warn, error), {@code log_format} (text,
 * json) and {@code debug} (the debug level, which turns on the per-connection and per-RPC lines). The level
 * applies to the node's own loggers; libraries (Hazelcast, Netty, Vert.x) stay at their INFO lines and above
 * unless the level is stricter, so a debug node shows its own lines, not theirs. The format applies to every
 * line, the libraries' included.
 */
public record LoggingConfig(Level level, boolean json) {
  public static final Option<String> LOG_LEVEL = Option.choice("log_level", "info",
      List.of("debug", "info", "warn", "error"), "the node's log level (AnyCable-Go's names)");
  public static final Option<String> LOG_FORMAT = Option.choice("log_format", "text", List.of("text", "json"),
      "text lines, or one JSON object per line (AnyCable-Go's names)");
  public static final Option<Boolean> DEBUG = Option.bool("debug", false,
      "the same as log_level=debug: per-connection and per-RPC lines");
  private static final String OWN_LOGGERS = "io.cablecluster";

  public static LoggingConfig from(Settings s) {
    String name = DEBUG.read(s) ? "debug" : LOG_LEVEL.read(s);
    Level level = switch (name) {
      case "debug" -> Level.FINE;
      case "warn" -> Level.WARNING;
      case "error" -> Level.SEVERE;
      default -> Level.INFO;
    };
    return new LoggingConfig(level, "json".equals(LOG_FORMAT.read(s)));
  }

  /** The formatter of every line: the text layout the node always had, or JSON. */
  Formatter formatter() {
    return json ? new JsonLogFormatter() : new TextLogFormatter();
  }

  /** Sets the levels; the node's own loggers keep a reference, so they are not collected with their level. */
  Logger apply() {
    Logger root = Logger.getLogger("");
    Logger own = Logger.getLogger(OWN_LOGGERS);
    own.setLevel(level);
    // Libraries log at INFO on every start and membership change: kept at INFO unless the node asks for less.
    root.setLevel(level.intValue() > Level.INFO.intValue() ? level : Level.INFO);
    for (Handler handler : root.getHandlers()) {
      handler.setLevel(level);
      handler.setFormatter(formatter());
    }
    return own;
  }
}
