package io.cablecluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.log.LogContext;
import io.cablecluster.core.log.SidTag;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RpcCallLogTest {
  private static final String SID = "V1StGXR8_Z5jdHi6B-myT";
  private final Logger logger = Logger.getLogger(RpcCallLog.class.getName());
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  private void debugOn() {
    logger.setLevel(Level.FINE);
    logger.addHandler(capture);
  }

  @AfterEach
  void restore() {
    logger.removeHandler(capture);
    logger.setLevel(null);
  }

  private static String field(LogRecord record, String key) {
    LogContext.Fields fields = LogContext.fieldsOf(record);
    for (int i = 0; i < fields.size(); i++) {
      if (fields.key(i).equals(key)) {
        return String.valueOf(fields.value(i));
      }
    }
    return null;
  }

  @Test
  @DisplayName("Verifies that a command call's debug line carries the sid tag, command name, backend status, duration and retries, and none of the body")
  void commandLineCarriesStatusTimingAndTag() {
    debugOn();
    JsonObject body = new JsonObject().put("command", "message").put("identifier", "{\"channel\":\"Secretive\"}")
        .put("data", "{\"password\":\"hunter2\"}");
    RpcCallLog.call("command", body, SID, System.nanoTime(), 2, Future.succeededFuture(new JsonObject().put("status", 2)));
    assertEquals(1, records.size());
    LogRecord line = records.get(0);
    assertEquals(Level.FINE, line.getLevel());
    assertEquals("RPC command", line.getMessage());
    assertEquals("rpc", field(line, "context"));
    assertEquals(SidTag.of(SID), field(line, "sid"));
    assertEquals("message", field(line, "command"));
    assertEquals("FAILURE", field(line, "status"));
    assertEquals("2", field(line, "retries"));
    assertTrue(Long.parseLong(field(line, "duration_ms")) >= 0);
    String all = LogContext.fieldsOf(line).toString();
    assertFalse(all.contains(SID) || all.contains("hunter2") || all.contains("Secretive"), all);
  }

  @Test
  @DisplayName("Verifies that a failed call's debug line names the failure's code and message instead of a status, and a connect line has no command")
  void failedConnectLineCarriesCode() {
    debugOn();
    RpcCallLog.call("connect", new JsonObject(), SID, System.nanoTime(), 0,
        Future.failedFuture(RpcException.of(RpcException.UNAVAILABLE, "RPC backend unreachable")));
    LogRecord line = records.get(0);
    assertEquals("RPC connect failed", line.getMessage());
    assertEquals(String.valueOf(RpcException.UNAVAILABLE), field(line, "code"));
    assertEquals("RPC backend unreachable", field(line, "error"));
    assertEquals(null, field(line, "command"));
    assertEquals(null, field(line, "status"));
  }

  @Test
  @DisplayName("Verifies that no line is built while debug is off, and the backend's status is shown only as one of AnyCable's three names")
  void quietWhenOffAndStatusBounded() {
    logger.setLevel(Level.INFO);
    logger.addHandler(capture);
    RpcCallLog.call("disconnect", new JsonObject(), SID, System.nanoTime(), 0, Future.succeededFuture(new JsonObject()));
    assertTrue(records.isEmpty());
    assertEquals("SUCCESS", RpcCallLog.status(1));
    assertEquals("ERROR", RpcCallLog.status(null));
    assertEquals("FAILURE", RpcCallLog.status("FAILURE"));
    assertEquals("unknown", RpcCallLog.status("x".repeat(10_000)));
  }
}
