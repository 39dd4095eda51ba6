package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PeerResetsTest {

  @Test
  @DisplayName("Verifies that a peer's connection reset and Hazelcast's double answer of a retried operation are logged as warnings, other severe records stay severe")
  void resetsAreWarnings() {
    LogRecord reset = new LogRecord(Level.SEVERE, "Connection reset");
    LogRecord thrown = new LogRecord(Level.SEVERE, "Unhandled exception");
    thrown.setThrown(new IOException("Connection reset by peer"));
    LogRecord other = new LogRecord(Level.SEVERE, "Something else");
    LogRecord twice = new LogRecord(Level.SEVERE, "NormalResponse already responseReceived for callback: …");
    twice.setLoggerName("com.hazelcast.map.impl.operation.SetWithExpiryOperation");
    LogRecord ours = new LogRecord(Level.SEVERE, "already responseReceived");
    ours.setLoggerName("io.cablecluster.gateway.Something");
    for (LogRecord record : java.util.List.of(reset, thrown, other, twice, ours)) {
      PeerResets.demote(record);
    }
    assertEquals(Level.WARNING, reset.getLevel());
    assertEquals(Level.WARNING, thrown.getLevel());
    assertEquals(Level.WARNING, twice.getLevel());
    assertEquals(Level.SEVERE, other.getLevel());
    assertEquals(Level.SEVERE, ours.getLevel(), "only Hazelcast's double answer is a peer's death");
  }
}
