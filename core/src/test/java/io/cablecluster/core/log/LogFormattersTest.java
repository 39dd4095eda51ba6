package io.cablecluster.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LogFormattersTest {

  /** A structured record as {@link LogContext#log} builds it, caught before any handler formats it. */
  private static LogRecord structured(Level level, String message, Object... fields) {
    Logger logger = Logger.getLogger("io.cablecluster.test.formatters");
    List<LogRecord> caught = new ArrayList<>();
    Handler handler = new Handler() {
      @Override
      public void publish(LogRecord record) {
        caught.add(record);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.ALL);
    logger.addHandler(handler);
    try {
      LogContext.log(logger, level, message, fields);
    } finally {
      logger.removeHandler(handler);
    }
    assertEquals(1, caught.size());
    return caught.get(0);
  }

  @Test
  @DisplayName("Verifies that a JSON line is one object with AnyCable-Go's time, level and msg, the logger, the node id and the context fields")
  void jsonLineCarriesSlogFieldsAndContext() {
    LogRecord record = structured(Level.FINE, "subscribed", "context", "node", "sid", "0a1b2c3d",
        "identifier", "{\"channel\":\"Chat\"}", "retries", 2);
    String line = new JsonLogFormatter().format(record);
    assertTrue(line.endsWith("}\n") && line.indexOf('\n') == line.length() - 1, line);
    JsonObject json = new JsonObject(line);
    assertEquals("DEBUG", json.getString("level"));
    assertEquals("subscribed", json.getString("msg"));
    assertEquals("io.cablecluster.test.formatters", json.getString("logger"));
    assertEquals(record.getMillis(), Instant.parse(json.getString("time")).toEpochMilli());
    assertEquals(LogContext.nodeId(), json.getString("nodeid"));
    assertEquals("node", json.getString("context"));
    assertEquals("0a1b2c3d", json.getString("sid"));
    assertEquals("{\"channel\":\"Chat\"}", json.getString("identifier"));
    assertEquals(2, json.getInteger("retries"));
  }

  @Test
  @DisplayName("Verifies that JSON lines map the JDK levels to DEBUG, INFO, WARN and ERROR and escape control characters, so a message with newlines stays one line")
  void jsonLevelsAndEscaping() {
    assertEquals("DEBUG", JsonLogFormatter.levelName(Level.FINEST));
    assertEquals("DEBUG", JsonLogFormatter.levelName(Level.CONFIG));
    assertEquals("INFO", JsonLogFormatter.levelName(Level.INFO));
    assertEquals("WARN", JsonLogFormatter.levelName(Level.WARNING));
    assertEquals("ERROR", JsonLogFormatter.levelName(Level.SEVERE));
    LogRecord plain = new LogRecord(Level.WARNING, "two\nlines \"quoted\" \\ \t\u0001 \u2028");
    plain.setLoggerName("com.example.Library");
    plain.setThrown(new IllegalStateException("boom"));
    String line = new JsonLogFormatter().format(plain);
    assertEquals(1, line.split("\n", -1).length - 1, line);
    JsonObject json = new JsonObject(line);
    assertEquals("two\nlines \"quoted\" \\ \t\u0001 \u2028", json.getString("msg"));
    assertEquals("WARN", json.getString("level"));
    assertEquals("java.lang.IllegalStateException: boom", json.getString("error"));
    assertTrue(json.getString("stacktrace").contains("LogFormattersTest"), json.getString("stacktrace"));
    assertFalse(json.containsKey("nodeid"), "a plain record carries no context: " + line);
  }

  @Test
  @DisplayName("Verifies that a library's record with MessageFormat parameters is formatted in its JSON msg as in its text line")
  void jsonFormatsLibraryParameters() {
    LogRecord record = new LogRecord(Level.INFO, "member {0} joined");
    record.setParameters(new Object[] {"10.0.0.1"});
    assertEquals("member 10.0.0.1 joined", new JsonObject(new JsonLogFormatter().format(record)).getString("msg"));
    assertTrue(new TextLogFormatter().format(record).contains("member 10.0.0.1 joined"));
  }

  @Test
  @DisplayName("Verifies that a text line keeps the message and appends the context fields as key=value, quoting values with spaces or quotes")
  void textLineAppendsFields() {
    LogRecord record = structured(Level.FINE, "perform", "sid", "0a1b2c3d", "action", "speak",
        "identifier", "{\"channel\":\"Chat\"}", "reason", "closed by client");
    String message = new TextLogFormatter().formatMessage(record);
    assertEquals("perform nodeid=" + LogContext.nodeId() + " sid=0a1b2c3d action=speak"
        + " identifier=\"{\\\"channel\\\":\\\"Chat\\\"}\" reason=\"closed by client\"", message);
    assertTrue(new TextLogFormatter().format(record).contains(message));
  }

  @Test
  @DisplayName("Verifies that a sid's tag is the first 8 hex digits of its SHA-256, the same every time, and never the sid")
  void sidTagIsAShortHash() {
    // SHA-256("abc") starts with ba7816bf.
    assertEquals("ba7816bf", SidTag.of("abc"));
    assertEquals(SidTag.of("V1StGXR8_Z5jdHi6B-myT"), SidTag.of("V1StGXR8_Z5jdHi6B-myT"));
    assertEquals("-", SidTag.of(null));
    assertEquals("-", SidTag.of(""));
  }
}
