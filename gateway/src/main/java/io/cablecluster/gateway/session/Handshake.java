package io.cablecluster.gateway.session;

import io.cablecluster.gateway.broker.SessionSnapshot;
import io.cablecluster.gateway.identity.QueryParams;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A new connection's first step: an extended-protocol client naming a previous sid (header
 * {@code X-AnyCable-Restore-Sid}, else {@code ?sid=}) gets that session back from the broker when it is
 * still kept; everyone else is identified by the controller.
 */
final class Handshake {
  /** How long a restored subscription's live frames wait for the client's history request. */
  static final long RESTORED_HOLD_MS = 3000;
  private Handshake() {
  }

  static Future<Void> identify(Session session) {
    String previous = session.extended() ? previousSid(session) : null;
    Future<SessionSnapshot> kept = previous == null
        ? Future.succeededFuture() : session.gateway().broker().restoreSession(previous);
    return session.here(kept).compose(snapshot -> snapshot != null
        ? restore(session, previous, snapshot)
        : session.here(session.gateway().controller().authenticate(session.connectRequest()))
            .map(result -> {
              ResultApplier.connected(session, result);
              return null;
            }));
  }

  /** Re-creates the kept state, re-joins its streams, then welcomes the client as restored. */
  private static Future<Void> restore(Session session, String previous, SessionSnapshot snapshot) {
    SessionLog.restored(session, previous, snapshot.subscriptions().size());
    session.mergeCstate(snapshot.cstate());
    JsonArray restoredIds = new JsonArray();
    snapshot.subscriptions().forEach(s -> restoredIds.add(s.identifier()));
    // The client asks for what it missed only after the restored welcome: until then (or a short wait) the
    // restored subscriptions' live frames are held, so none arrives before the older ones it will ask for.
    snapshot.subscriptions().forEach(s -> session.holdUntilHistory(s.identifier()));
    return session.here(session.subscriptions().restore(snapshot.subscriptions())).transform(ar -> {
      String welcome = new JsonObject().put("type", "welcome").put("sid", session.sid()).put("restored", true)
          .put("restored_ids", restoredIds).encode();
      session.markDisconnectInterest(snapshot.disconnectInterest());
      session.open(snapshot.identifiers(), List.of(welcome));
      // The wait starts with the welcome: a restore slowed by a recovering cluster must not release live
      // frames before the client could even ask for what it missed.
      session.gateway().vertx().setTimer(RESTORED_HOLD_MS, id -> session.onContext(session::stopAwaitingHistory));
      return Future.succeededFuture();
    });
  }

  private static String previousSid(Session session) {
    String sid = session.connection().headers().get("x-anycable-restore-sid");
    if (sid == null || sid.isEmpty()) {
      sid = QueryParams.get(session.connection().query(), "sid");
    }
    return sid == null || sid.isEmpty() ? null : sid;
  }
}
