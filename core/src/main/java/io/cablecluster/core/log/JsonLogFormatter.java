package io.cablecluster.core.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * {@code log_format=json}: one JSON object per line, in the shape of AnyCable-Go's slog JSON handler
 * ({@code time}, {@code level} as DEBUG/INFO/WARN/ERROR, {@code msg}, then the context fields such as
 * {@code nodeid}, {@code context}, {@code sid}), plus {@code logger} (the JDK logger's name, so library
 * lines can be told from the node's). A record with an exception gets {@code error} (its message) and
 * {@code stacktrace} (escaped, so the line stays one line).
 */
public final class JsonLogFormatter extends Formatter {

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(160);
    line.append("{\"time\":");
    appendString(line, Instant.ofEpochMilli(record.getMillis()).toString());
    line.append(",\"level\":\"").append(levelName(record.getLevel())).append('"');
    line.append(",\"logger\":");
    appendString(line, String.valueOf(record.getLoggerName()));
    line.append(",\"msg\":");
    LogContext.Fields fields = LogContext.fieldsOf(record);
    appendString(line, fields != null ? String.valueOf(record.getMessage()) : formatMessage(record));
    if (fields != null) {
      for (int i = 0; i < fields.size(); i++) {
        line.append(',');
        appendString(line, fields.key(i));
        line.append(':');
        appendValue(line, fields.value(i));
      }
    }
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      line.append(",\"error\":");
      appendString(line, thrown.toString());
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      line.append(",\"stacktrace\":");
      appendString(line, trace.toString());
    }
    return line.append("}\n").toString();
  }

  /** AnyCable-Go's level names (slog): FINE and below are DEBUG, WARNING is WARN, SEVERE is ERROR. */
  static String levelName(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    return value >= Level.INFO.intValue() ? "INFO" : "DEBUG";
  }

  private static void appendValue(StringBuilder line, Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
      line.append(value);
    } else {
      appendString(line, String.valueOf(value));
    }
  }

  /** A JSON string literal: quotes, backslashes and every control character escaped. */
  static void appendString(StringBuilder line, String value) {
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            line.append(String.format("\\u%04x", (int) c));
          } else {
            line.append(c);
          }
        }
      }
    }
    line.append('"');
  }
}
