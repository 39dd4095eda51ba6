package io.cablecluster.gateway.session;

import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.Status;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The one place where a controller's answer changes a session, in AnyCable's order: stop_streams /
 * stopped_streams, streams, istate, cstate, transmissions (only once the new streams are registered, so a
 * confirmation never precedes reachability), disconnect. Runs on the session's event loop.
 */
final class ResultApplier {
  private static final Logger LOG = Logger.getLogger(ResultApplier.class.getName());
  private static final Future<Void> DONE = Future.succeededFuture();

  private ResultApplier() {
  }

  static void connected(Session session, ConnectResult result) {
    SessionLog.authenticated(session, result);
    session.markDisconnectInterest(result.disconnectInterest());
    switch (result.status()) {
      case SUCCESS -> {
        session.mergeCstate(result.cstate());
        session.open(result.identifiers(), result.transmissions());
      }
      case FAILURE -> {
        session.transmitAll(result.transmissions());
        session.close((short) 1000, "");
      }
      default -> {
        session.transmitAll(result.transmissions());
        session.close((short) 1011, "Internal error");
      }
    }
  }

  /** A subscribe answer: a new subscription on success, the refusal's transmissions otherwise. */
  static Future<Void> subscribed(Session session, String identifier, CommandResult result) {
    SessionLog.subscribed(session, identifier, result);
    session.markDisconnectInterest(result.disconnectInterest());
    if (result.success()) {
      return apply(session, session.subscriptions().add(identifier), result, true);
    }
    if (result.status() == Status.FAILURE) {
      finish(session, result);
    } else {
      LOG.warning(session.logId() + ": subscribe for " + identifier + " answered ERROR: " + result.errorMessage());
    }
    return DONE;
  }

  /** An unsubscribe answer: the subscription ends unless the answer is an ERROR. */
  static void unsubscribed(Session session, Subscription subscription, CommandResult result) {
    SessionLog.unsubscribed(session, subscription.identifier(), result);
    session.markDisconnectInterest(result.disconnectInterest());
    if (result.status() == Status.ERROR) {
      LOG.warning(session.logId() + ": unsubscribe answered ERROR: " + result.errorMessage());
      return;
    }
    // An explicit unsubscribe leaves presence at once (a disconnect lets it expire instead).
    PresenceCommands.leave(session, session.gateway().broker(), subscription);
    session.subscriptions().remove(subscription);
    session.commit();
    finish(session, result);
  }

  /** A message answer: stream and state changes apply only while the subscription still exists. */
  static Future<Void> performed(Session session, Subscription subscription, CommandResult result) {
    session.markDisconnectInterest(result.disconnectInterest());
    if (result.success() && session.subscriptions().isCurrent(subscription)) {
      return apply(session, subscription, result, false);
    }
    if (result.status() == Status.ERROR) {
      LOG.warning(session.logId() + ": message answered ERROR: " + result.errorMessage());
      return DONE;
    }
    finish(session, result);
    return DONE;
  }

  private static Future<Void> apply(Session session, Subscription subscription, CommandResult result,
                                    boolean changed) {
    boolean dirty = changed || result.stopAllStreams() || !result.stoppedStreams().isEmpty()
        || !result.streams().isEmpty() || !result.istate().isEmpty() || !result.cstate().isEmpty();
    Subscriptions subscriptions = session.subscriptions();
    if (result.stopAllStreams()) {
      subscriptions.removeAllStreams(subscription);
    } else {
      for (String stream : result.stoppedStreams()) {
        subscriptions.removeStream(subscription, stream);
      }
    }
    List<Future<Void>> joins = new ArrayList<>(result.streams().size());
    for (String stream : result.streams()) {
      joins.add(subscriptions.addStream(subscription, stream));
    }
    subscription.mergeIstate(result.istate());
    session.mergeCstate(result.cstate());
    return session.here(Future.join(joins)).transform(ar -> {
      if (dirty) {
        session.commit();
      }
      if (result.presence() == null) {
        finish(session, result);
        return DONE;
      }
      // AnyCable's order: transmissions, then the presence change, then the close.
      session.transmitAll(result.transmissions());
      Future<Void> presence = result.presence().join()
          ? PresenceCommands.join(session, session.gateway().broker(), subscription, result.presence().id(),
              result.presence().info())
          : PresenceCommands.leave(session, session.gateway().broker(), subscription);
      return presence.eventually(() -> {
        if (result.disconnect()) {
          session.close((short) 1000, "");
        }
        return DONE;
      });
    });
  }

  private static void finish(Session session, CommandResult result) {
    session.transmitAll(result.transmissions());
    if (result.disconnect()) {
      session.close((short) 1000, "");
    }
  }
}
