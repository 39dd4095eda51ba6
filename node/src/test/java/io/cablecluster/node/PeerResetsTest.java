package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PeerResetsTest {

  @Test
  @DisplayName("Verifies that a peer's connection reset is logged as a warning and other severe records stay severe")
  void resetsAreWarnings() {
    LogRecord reset = new LogRecord(Level.SEVERE, "Connection reset");
    LogRecord thrown = new LogRecord(Level.SEVERE, "Unhandled exception");
    thrown.setThrown(new IOException("Connection reset by peer"));
    LogRecord other = new LogRecord(Level.SEVERE, "Something else");
    PeerResets.demote(reset);
    PeerResets.demote(thrown);
    PeerResets.demote(other);
    assertEquals(Level.WARNING, reset.getLevel());
    assertEquals(Level.WARNING, thrown.getLevel());
    assertEquals(Level.SEVERE, other.getLevel());
  }
}
