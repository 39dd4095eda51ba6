package io.cablecluster.node;

import io.cablecluster.core.log.RateLimitedLog;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Records that a peer's death makes libraries log as SEVERE although the survivors carry on: they are logged
 * as WARNINGs, so SEVERE keeps meaning "look at this node".
 * <ul>
 *   <li>Vert.x: a connection reset on a socket without an exception handler (the clustered event bus's
 *   connections to other nodes);</li>
 *   <li>Hazelcast: a retried invocation answered twice while a dead member's backups are promoted (every
 *   operation of ours is idempotent);</li>
 *   <li>Vert.x 5.1: "Promise already completed" when a clustered publish succeeded to a live node and then
 *   failed to the dying one (one write promise shared by every node of a publish).</li>
 * </ul>
 * And one kind of hostile input that Vert.x logs with a stack trace per attempt: an event-bus connection that
 * fails the cluster TLS handshake ({@code cluster_tls_*}: a member without the cluster's certificate, or one
 * speaking plain TCP, registered a consumer and every publish to it tries again). Those become one WARNING
 * line per 10 s without a stack trace, counted in {@code cluster_tls_refused_total}, so such a member cannot
 * flood the log.
 */
final class PeerResets {
  private static final Logger LOG = Logger.getLogger(PeerResets.class.getName());
  private static final RateLimitedLog TLS_REFUSALS = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private static final AtomicLong TLS_REFUSED = new AtomicLong();

  private PeerResets() {
  }

  /** Installs the filter on the root logger's handlers (records of every logger reach them). */
  static void logAsWarnings() {
    for (Handler handler : Logger.getLogger("").getHandlers()) {
      handler.setFilter(PeerResets::demote);
    }
  }

  /** Unhandled exceptions on event loops: the known peer-death race is a warning, the rest stay severe. */
  static void handleUnhandled(Vertx vertx) {
    vertx.exceptionHandler(e -> {
      boolean peerRace = e instanceof IllegalStateException && "Promise already completed".equals(e.getMessage());
      LOG.log(peerRace ? Level.WARNING : Level.SEVERE, peerRace
          ? "a clustered publish completed twice (a peer died during it): " + e.getMessage()
          : "unhandled exception on an event loop", peerRace ? null : e);
    });
  }

  /** Event-bus connections refused by the cluster TLS handshake since start. */
  static long tlsRefusals() {
    return TLS_REFUSED.get();
  }

  static boolean demote(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      Throwable refusal = tlsRefusal(record.getThrown());
      if (refusal != null) {
        TLS_REFUSED.incrementAndGet();
        String reason = refusal.getClass().getSimpleName() + ": " + refusal.getMessage();
        TLS_REFUSALS.log(n -> n + " cluster event-bus connection(s) failed the TLS handshake (the last: " + reason
            + "); cluster_tls_refused_total counts them");
        return false;
      }
    }
    if (record.getLevel() == Level.SEVERE && peerDeath(record)) {
      record.setLevel(Level.WARNING);
    }
    return true;
  }

  /** The TLS failure in a record's causes (a handshake refused, or a peer that does not speak TLS), else null. */
  static Throwable tlsRefusal(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof SSLException || t.getClass().getSimpleName().equals("NotSslRecordException")) {
        return t;
      }
    }
    return null;
  }

  private static boolean peerDeath(LogRecord record) {
    Throwable thrown = record.getThrown();
    String message = record.getMessage() == null ? "" : record.getMessage();
    if (message.startsWith("Connection reset")
        || thrown instanceof IOException && String.valueOf(thrown.getMessage()).startsWith("Connection reset")) {
      return true;
    }
    return record.getLoggerName() != null && record.getLoggerName().startsWith("com.hazelcast")
        && (message.contains("already responseReceived")
        || thrown != null && thrown.getClass().getSimpleName().equals("ResponseAlreadySentException"));
  }
}
