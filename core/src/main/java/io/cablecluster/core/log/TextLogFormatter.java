package io.cablecluster.core.log;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * {@code log_format=text}: the JDK's one-line {@link SimpleFormatter} layout the node always had, with a
 * structured record's context fields appended as {@code key=value} (logfmt: a value with spaces, quotes or
 * {@code =} is quoted), as AnyCable-Go's text lines show {@code context=node sid=…}.
 */
public final class TextLogFormatter extends SimpleFormatter {

  @Override
  public String formatMessage(LogRecord record) {
    LogContext.Fields fields = LogContext.fieldsOf(record);
    if (fields == null) {
      return super.formatMessage(record);
    }
    StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
    appendFields(line, fields);
    return line.toString();
  }

  static void appendFields(StringBuilder line, LogContext.Fields fields) {
    for (int i = 0; i < fields.size(); i++) {
      line.append(' ').append(fields.key(i)).append('=');
      String value = String.valueOf(fields.value(i));
      if (needsQuotes(value)) {
        JsonLogFormatter.appendString(line, value);
      } else {
        line.append(value);
      }
    }
  }

  private static boolean needsQuotes(String value) {
    if (value.isEmpty()) {
      return true;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
