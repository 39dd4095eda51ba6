package io.cablecluster.node;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Vert.x logs a connection reset on a socket without an exception handler (the clustered event bus's
 * connections to other nodes) as SEVERE, so every SIGKILLed peer printed a SEVERE line on each survivor. A
 * peer's reset is an expected event in a cluster (the survivors carry on): it is logged as a WARNING.
 */
final class PeerResets {
  private static final Logger CONNECTIONS = Logger.getLogger("io.vertx.core.net.impl.ConnectionBase");

  private PeerResets() {
  }

  static void logAsWarnings() {
    CONNECTIONS.setFilter(PeerResets::demote);
  }

  static boolean demote(LogRecord record) {
    if (record.getLevel() == Level.SEVERE && isReset(record)) {
      record.setLevel(Level.WARNING);
    }
    return true;
  }

  private static boolean isReset(LogRecord record) {
    Throwable thrown = record.getThrown();
    String text = thrown instanceof IOException ? thrown.getMessage() : record.getMessage();
    return text != null && text.startsWith("Connection reset");
  }
}
