package io.cablecluster.gateway.session;

import io.cablecluster.core.log.RateLimitedLog;
import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.channels.LocalChannelsController;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Client commands of a connection, decoded by its encoder. Channel commands go to the controller and its
 * answers to {@link ResultApplier}; history and presence go to the broker. Bad frames are logged, counted
 * and ignored: the socket stays open. An identifier over {@code max_identifier_size}, or a subscribe beyond
 * {@code max_subscriptions}, is refused before any controller sees it: a subscribe gets
 * {@code reject_subscription}, any other command is ignored.
 */
public final class Commands {
  private static final Logger LOG = Logger.getLogger(Commands.class.getName());
  private static final Future<Void> DONE = Future.succeededFuture();
  private static final RateLimitedLog IGNORED = new RateLimitedLog(LOG, 10, java.util.concurrent.TimeUnit.SECONDS);
  private static final RateLimitedLog OVER_LIMIT = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private final Vertx vertx;
  private final Controller controller;
  private final Broker broker;
  private final GatewayCounters counters;

  public Commands(Vertx vertx, Controller controller, Broker broker, GatewayCounters counters) {
    this.vertx = vertx;
    this.controller = controller;
    this.broker = broker;
    this.counters = counters;
  }

  /** One frame from the inbox: a text frame (String) or a binary one (Buffer). */
  public Future<Void> handle(Session session, Object frame) {
    ClientCommand command;
    try {
      command = frame instanceof Buffer binary ? session.encoder().decode(binary)
          : session.encoder().decode((String) frame);
    } catch (ClientCommand.InvalidCommand e) {
      return invalid(session, e.getMessage());
    }
    counters.clientMessages().increment();
    if (command.needsIdentifier() && command.identifier() == null) {
      return invalid(session, "\"" + command.command() + "\" needs an \"identifier\"");
    }
    String oversized = command.identifier() == null ? null
        : SubscriptionLimits.identifierOverLimit(session.gateway().config(), command.identifier());
    if (oversized != null) {
      return overLimit(session, command, oversized);
    }
    switch (command.command()) {
      case "subscribe":
        return subscribe(session, command);
      case "unsubscribe":
        return unsubscribe(session, command);
      case "message":
        return message(session, command);
      case "whisper":
        return whisper(session, command);
      case "history":
        return history(session, command);
      case "presence":
        return presence(session, command);
      case "join":
        return PresenceCommands.join(session, broker, session.subscriptions().get(command.identifier()),
            command.presence());
      case "leave":
        return PresenceCommands.leave(session, broker, session.subscriptions().get(command.identifier()));
      case "ping":
        session.transmit(Frames.pong());
        return DONE;
      case "pong":
        return DONE;
      default:
        return invalid(session, "unknown command \"" + command.command() + "\"");
    }
  }

  private Future<Void> invalid(Session session, String why) {
    counters.failedClientMessages().increment();
    // A flood of bad frames is counted in full but logged once per interval (hostile input, issue 12).
    IGNORED.log(n -> session.logId() + ": ignored client frame: " + why + (n > 1 ? " (" + n + " since the last line)" : ""));
    return DONE;
  }

  /** Counted as a failed client message (and, for a subscribe, rejected); logged once per interval. */
  private Future<Void> overLimit(Session session, ClientCommand command, String why) {
    counters.failedClientMessages().increment();
    if ("subscribe".equals(command.command())) {
      counters.subscriptionsOverLimit().increment();
      session.transmit(Frames.reject(command.identifier()));
    }
    OVER_LIMIT.log(n -> session.logId() + ": " + command.command() + " refused: " + why
        + " (" + n + " refused since the last report)");
    return DONE;
  }

  private Future<Void> subscribe(Session session, ClientCommand command) {
    String identifier = command.identifier();
    if (session.subscriptions().get(identifier) != null) {
      LOG.fine(() -> session.logId() + ": already subscribed to " + identifier);
      return DONE;
    }
    String full = SubscriptionLimits.subscriptionsOverLimit(session.gateway().config(), session.subscriptions());
    if (full != null) {
      return overLimit(session, command, full);
    }
    if (command.history() != null) {
      // Live frames that arrive between joining the stream and the replay wait for it (never twice, never
      // before older ones).
      session.holdLive(identifier);
    }
    return session.here(controller.subscribe(session.channelRequest(identifier, Map.of())))
        .compose(result -> ResultApplier.subscribed(session, identifier, result),
            e -> failed(session, "subscribe", e))
        .compose(v -> {
          // The extended protocol may ask for missed messages along with the subscription.
          Subscription subscription = session.subscriptions().get(identifier);
          return command.history() == null || subscription == null
              ? DONE : HistoryReplay.answer(session, broker, subscription, command.history());
        })
        .compose(v -> command.presence() == null ? DONE
            : PresenceCommands.join(session, broker, session.subscriptions().get(identifier), command.presence()))
        .eventually(() -> {
          session.releaseLive(identifier);
          return DONE;
        });
  }

  private Future<Void> unsubscribe(Session session, ClientCommand command) {
    Subscription subscription = session.subscriptions().get(command.identifier());
    if (subscription == null) {
      return DONE;
    }
    return session.here(controller.unsubscribe(session.channelRequest(subscription.identifier(),
            subscription.istate())))
        .<Void>map(result -> {
          ResultApplier.unsubscribed(session, subscription, result);
          return null;
        }).recover(e -> {
          // The client asked to leave: it must not keep receiving because the backend is unreachable.
          session.subscriptions().remove(subscription);
          return failed(session, "unsubscribe", e);
        });
  }

  private Future<Void> message(Session session, ClientCommand command) {
    Subscription subscription = session.subscriptions().get(command.identifier());
    if (subscription == null) {
      LOG.fine(() -> session.logId() + ": message for unknown identifier " + command.identifier());
      return DONE;
    }
    if (!(command.data() instanceof String data)) {
      return invalid(session, "\"data\" of a message must be a string of JSON");
    }
    return session.here(controller.perform(session.channelRequest(subscription.identifier(),
            subscription.istate()), data))
        .compose(result -> {
          SessionLog.performed(session, subscription.identifier(), data, result);
          return ResultApplier.performed(session, subscription, result);
        }, e -> failed(session, "message", e));
  }

  private Future<Void> whisper(Session session, ClientCommand command) {
    Subscription subscription = session.subscriptions().get(command.identifier());
    String stream = subscription == null ? null : subscription.istate().get(LocalChannelsController.WHISPER_KEY);
    if (stream == null || command.data() == null) {
      return DONE;
    }
    Broadcast whisper = new Broadcast(stream, Json.encode(command.data()), session.sid(), true, null, null, 0);
    vertx.eventBus().publish(Addresses.BROADCAST, whisper.encode());
    return DONE;
  }

  private Future<Void> history(Session session, ClientCommand command) {
    Subscription subscription = session.subscriptions().get(command.identifier());
    if (subscription == null || command.history() == null) {
      return DONE;
    }
    return HistoryReplay.answer(session, broker, subscription, command.history());
  }

  private Future<Void> presence(Session session, ClientCommand command) {
    return PresenceCommands.info(session, broker, session.subscriptions().get(command.identifier()), command.data());
  }

  private static Future<Void> failed(Session session, String command, Throwable e) {
    // A controller fails only when the backend could not be asked: the Disconnect call is still wanted.
    session.markDisconnectInterest(true);
    LOG.warning(session.logId() + ": " + command + " failed: " + e.getMessage());
    return DONE;
  }
}
