package io.cablecluster.gateway.session;

import io.cablecluster.core.log.LogContext;
import io.cablecluster.core.log.SidTag;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.ConnectResult;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The per-connection debug lines ({@code log_level=debug} / {@code --debug}), worded after AnyCable-Go's
 * {@code node/node.go} ({@code subscribed}, {@code subscription rejected}, {@code unsubscribed},
 * {@code session restored}, …) and carrying its context fields: {@code context=node}, {@code sid} (a
 * {@link SidTag}, never the sid), {@code identifier}, {@code stream}. Every method returns at once unless
 * FINE is on for this logger, so the hot path pays one level check. Nothing here logs a credential: no
 * URL, header, cookie, token, request body, identifiers (only their tag) or signed stream name.
 */
final class SessionLog {
  private static final Logger LOG = Logger.getLogger(SessionLog.class.getName());
  private static final String SIGNED = "signed_stream_name";

  private SessionLog() {
  }

  static boolean on() {
    return LOG.isLoggable(Level.FINE);
  }

  static void connected(Session session) {
    if (on()) {
      debug(session, "connected", "extended", session.extended(), "encoding", session.encoder().id());
    }
  }

  static void authenticated(Session session, ConnectResult result) {
    if (!on()) {
      return;
    }
    switch (result.status()) {
      case SUCCESS -> debug(session, "authenticated", "identifiers", SidTag.of(result.identifiers()));
      case FAILURE -> debug(session, "authentication rejected");
      default -> debug(session, "authentication failed", "status", result.status().name());
    }
  }

  static void restored(Session session, String previousSid, int subscriptions) {
    if (on()) {
      debug(session, "session restored", "old_sid", SidTag.of(previousSid), "subscriptions", subscriptions);
    }
  }

  static void subscribed(Session session, String identifier, CommandResult result) {
    if (!on()) {
      return;
    }
    if (result.success()) {
      debug(session, "subscribed", "identifier", identifier(identifier), "stream", streams(result.streams()));
    } else {
      debug(session, "subscription rejected", "identifier", identifier(identifier),
          "status", result.status().name());
    }
  }

  static void unsubscribed(Session session, String identifier, CommandResult result) {
    if (on()) {
      debug(session, "unsubscribed", "identifier", identifier(identifier), "status", result.status().name());
    }
  }

  static void performed(Session session, String identifier, String data, CommandResult result) {
    if (on()) {
      debug(session, "perform", "identifier", identifier(identifier), "action", action(data),
          "status", result.status().name(), "stream", streams(result.streams()));
    }
  }

  static void disconnected(Session session, String reason) {
    if (on()) {
      debug(session, "disconnected", "reason", reason, "subscriptions", session.subscriptions().size());
    }
  }

  private static void debug(Session session, String message, Object... fields) {
    Object[] all = new Object[fields.length + 4];
    all[0] = "context";
    all[1] = "node";
    all[2] = "sid";
    all[3] = session.logId().substring("sid=".length());
    System.arraycopy(fields, 0, all, 4, fields.length);
    LogContext.log(LOG, Level.FINE, message, all);
  }

  private static String streams(List<String> streams) {
    return streams.isEmpty() ? "-" : String.join(",", streams);
  }

  /** The perform's action name (never its data: it may carry anything the client sends). */
  private static String action(String data) {
    try {
      Object action = new JsonObject(data).getValue("action");
      return action instanceof String name ? name : "-";
    } catch (RuntimeException e) {
      return "-";
    }
  }

  /**
   * The identifier as the client sent it, except a signed stream name (Turbo, CableReady, {@code $pubsub}):
   * that signature is a bearer capability to the stream, so only its tag is shown.
   */
  static String identifier(String identifier) {
    if (identifier == null || !identifier.contains(SIGNED)) {
      return identifier;
    }
    try {
      JsonObject json = new JsonObject(identifier);
      Object signed = json.getValue(SIGNED);
      if (signed != null) {
        json.put(SIGNED, "[tag " + SidTag.of(String.valueOf(signed)) + "]");
      }
      return json.encode();
    } catch (RuntimeException e) {
      return "[unparsable identifier, tag " + SidTag.of(identifier) + "]";
    }
  }
}
