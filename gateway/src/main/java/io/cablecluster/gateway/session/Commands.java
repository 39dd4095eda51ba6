package io.cablecluster.gateway.session;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.channels.LocalChannels;
import io.cablecluster.gateway.history.HistoryReplay;
import io.cablecluster.gateway.history.HistoryStore;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.streams.StreamHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import java.util.logging.Logger;

/**
 * Client commands of one connection. Local channels are answered here; everything else goes to the
 * backend through {@link RpcCommands}. Bad frames are logged, counted and ignored: the socket stays open.
 */
public final class Commands {
  private static final Logger LOG = Logger.getLogger(Commands.class.getName());
  private static final Future<Void> DONE = Future.succeededFuture();
  private final Vertx vertx;
  private final LocalChannels channels;
  private final StreamHub hub;
  private final RpcCommands rpc;
  private final CableMetrics metrics;
  private final HistoryStore history;

  /** {@code rpc} is null in standalone mode, {@code history} without a broker. */
  public Commands(Vertx vertx, LocalChannels channels, StreamHub hub, RpcCommands rpc, CableMetrics metrics,
                  HistoryStore history) {
    this.vertx = vertx;
    this.channels = channels;
    this.hub = hub;
    this.rpc = rpc;
    this.metrics = metrics;
    this.history = history;
  }

  public Future<Void> handle(Session session, String text) {
    ClientCommand command;
    try {
      command = ClientCommand.parse(text);
    } catch (ClientCommand.InvalidCommand e) {
      return invalid(session, e.getMessage());
    }
    metrics.increment("client_msg_total");
    if (command.needsIdentifier() && command.identifier() == null) {
      return invalid(session, "\"" + command.command() + "\" needs an \"identifier\"");
    }
    switch (command.command()) {
      case "subscribe":
        return subscribe(session, command).map(v -> {
          // The extended protocol may ask for missed messages along with the subscription.
          if (command.history() != null && session.subscriptions().containsKey(command.identifier())) {
            replayHistory(session, session.subscriptions().get(command.identifier()), command.history());
          }
          return null;
        });
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
      case "leave":
        LOG.fine(() -> session.sid() + ": presence " + command.command() + " ignored: no broker configured");
        return DONE;
      case "ping":
        session.send(Frames.pong());
        return DONE;
      case "pong":
        return DONE;
      default:
        return invalid(session, "unknown command \"" + command.command() + "\"");
    }
  }

  private Future<Void> invalid(Session session, String why) {
    metrics.increment("failed_client_msg_total");
    LOG.info(session.sid() + ": ignored client frame: " + why);
    return DONE;
  }

  private Future<Void> subscribe(Session session, ClientCommand command) {
    String identifier = command.identifier();
    if (session.subscriptions().containsKey(identifier)) {
      LOG.fine(() -> session.sid() + ": already subscribed to " + identifier);
      return DONE;
    }
    LocalChannels.Resolution local = channels.resolve(identifier);
    if (local == null && rpc != null) {
      return rpc.subscribe(session, command);
    }
    if (local == null || local.rejected()) {
      session.send(Frames.reject(identifier));
      return DONE;
    }
    Subscription subscription = new Subscription(identifier, true);
    subscription.streams.add(local.stream());
    if (local.whisperStream() != null) {
      subscription.istate.put("$w", local.whisperStream());
    }
    session.subscriptions().put(identifier, subscription);
    return session.here(hub.join(local.stream(), session, identifier)).map(v -> {
      if (session.subscriptions().get(identifier) == subscription) {
        session.send(Frames.confirm(identifier));
      }
      return null;
    });
  }

  private Future<Void> unsubscribe(Session session, ClientCommand command) {
    Subscription subscription = session.subscriptions().get(command.identifier());
    if (subscription == null) {
      return DONE;
    }
    if (subscription.local) {
      drop(hub, session, subscription);
      return DONE;
    }
    return rpc == null ? DONE : rpc.unsubscribe(session, subscription);
  }

  private Future<Void> message(Session session, ClientCommand command) {
    Subscription subscription = session.subscriptions().get(command.identifier());
    if (subscription == null) {
      LOG.fine(() -> session.sid() + ": message for unknown identifier " + command.identifier());
      return DONE;
    }
    if (!(command.data() instanceof String)) {
      return invalid(session, "\"data\" of a message must be a string of JSON");
    }
    return rpc == null ? DONE : rpc.message(session, subscription, (String) command.data());
  }

  private Future<Void> whisper(Session session, ClientCommand command) {
    Subscription subscription = session.subscriptions().get(command.identifier());
    String stream = subscription == null ? null : subscription.istate.get("$w");
    if (stream == null || command.data() == null) {
      return DONE;
    }
    Broadcast whisper = new Broadcast(stream, Json.encode(command.data()), session.sid(), true, null, null, 0);
    vertx.eventBus().publish(Addresses.BROADCAST, whisper.encode());
    return DONE;
  }

  private Future<Void> history(Session session, ClientCommand command) {
    Subscription subscription = session.subscriptions().get(command.identifier());
    if (subscription != null && command.history() != null) {
      replayHistory(session, subscription, command.history());
    }
    return DONE;
  }

  private void replayHistory(Session session, Subscription subscription, io.vertx.core.json.JsonObject request) {
    session.sendAll(HistoryReplay.answer(history, subscription.identifier, subscription.streams, request));
  }

  private Future<Void> presence(Session session, ClientCommand command) {
    if (session.subscriptions().containsKey(command.identifier())) {
      session.send(Frames.presenceError(command.identifier()));
    }
    return DONE;
  }

  /** Drops a subscription and all its streams. */
  static void drop(StreamHub hub, Session session, Subscription subscription) {
    session.subscriptions().remove(subscription.identifier);
    for (String stream : subscription.streams) {
      hub.leave(stream, session, subscription.identifier);
    }
    subscription.streams.clear();
  }
}
