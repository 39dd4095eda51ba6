package io.cablecluster.gateway.session;

import io.cablecluster.gateway.protocol.ClientCommand;
import io.cablecluster.gateway.rpc.RpcClient;
import io.cablecluster.gateway.rpc.RpcReply;
import io.cablecluster.gateway.streams.StreamHub;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Subscribe, unsubscribe and message through the backend's Command RPC, applying every field of the
 * answer in AnyCable's order: stop_streams / stopped_streams, streams, istate, cstate, transmissions
 * (only once the new streams are registered, so the confirmation never precedes reachability), disconnect.
 */
public final class RpcCommands {
  private static final Logger LOG = Logger.getLogger(RpcCommands.class.getName());
  private static final Future<Void> DONE = Future.succeededFuture();
  private final RpcClient rpc;
  private final StreamHub hub;

  public RpcCommands(RpcClient rpc, StreamHub hub) {
    this.rpc = rpc;
    this.hub = hub;
  }

  Future<Void> subscribe(Session session, ClientCommand command) {
    String identifier = command.identifier();
    JsonObject body = request(session, "subscribe", identifier, null, Map.of());
    return call(session, body).compose(reply -> {
      if (reply.success()) {
        Subscription subscription = new Subscription(identifier, false);
        session.subscriptions().put(identifier, subscription);
        return apply(session, subscription, reply);
      }
      if (reply.failure()) {
        session.sendAll(reply.transmissions());
        closeIfAsked(session, reply);
      } else {
        LOG.warning(session.sid() + ": subscribe RPC for " + identifier + " answered ERROR: " + reply.errorMessage());
      }
      return DONE;
    }, e -> failed(session, "subscribe", e));
  }

  Future<Void> unsubscribe(Session session, Subscription subscription) {
    JsonObject body = request(session, "unsubscribe", subscription.identifier, null, subscription.istate);
    return call(session, body).compose(reply -> {
      if (reply.status() == RpcReply.ERROR) {
        LOG.warning(session.sid() + ": unsubscribe RPC answered ERROR: " + reply.errorMessage());
        return DONE;
      }
      Commands.drop(hub, session, subscription);
      session.sendAll(reply.transmissions());
      closeIfAsked(session, reply);
      return DONE;
    }, e -> {
      // The client asked to leave: it must not keep receiving because the backend is unreachable.
      Commands.drop(hub, session, subscription);
      return failed(session, "unsubscribe", e);
    });
  }

  Future<Void> message(Session session, Subscription subscription, String data) {
    JsonObject body = request(session, "message", subscription.identifier, data, subscription.istate);
    return call(session, body).compose(reply -> {
      if (reply.success() && session.subscriptions().get(subscription.identifier) == subscription) {
        return apply(session, subscription, reply);
      }
      if (reply.status() == RpcReply.ERROR) {
        LOG.warning(session.sid() + ": message RPC answered ERROR: " + reply.errorMessage());
        return DONE;
      }
      session.sendAll(reply.transmissions());
      closeIfAsked(session, reply);
      return DONE;
    }, e -> failed(session, "message", e));
  }

  private Future<RpcReply> call(Session session, JsonObject body) {
    session.markUsedRpc();
    return session.here(rpc.command(session.sid(), body));
  }

  private Future<Void> apply(Session session, Subscription subscription, RpcReply reply) {
    if (reply.stopStreams()) {
      for (String stream : subscription.streams) {
        hub.leave(stream, session, subscription.identifier);
      }
      subscription.streams.clear();
    } else {
      for (String stream : reply.stoppedStreams()) {
        if (subscription.streams.remove(stream)) {
          hub.leave(stream, session, subscription.identifier);
        }
      }
    }
    List<Future<Void>> joins = new ArrayList<>();
    for (String stream : reply.streams()) {
      if (subscription.streams.add(stream)) {
        joins.add(hub.join(stream, session, subscription.identifier));
      }
    }
    RpcReply.merge(subscription.istate, reply.istate());
    RpcReply.merge(session.cstate(), reply.cstate());
    return session.here(Future.join(joins)).transform(ar -> {
      session.sendAll(reply.transmissions());
      closeIfAsked(session, reply);
      return DONE;
    });
  }

  private static void closeIfAsked(Session session, RpcReply reply) {
    if (reply.disconnect()) {
      session.close((short) 1000, "");
    }
  }

  private static Future<Void> failed(Session session, String command, Throwable e) {
    LOG.warning(session.sid() + ": " + command + " RPC failed: " + e.getMessage());
    return DONE;
  }

  private static JsonObject request(Session session, String command, String identifier, String data,
                                    Map<String, String> istate) {
    JsonObject body = new JsonObject().put("command", command).put("identifier", identifier);
    if (session.identifiers() != null && !session.identifiers().isEmpty()) {
      body.put("connection_identifiers", session.identifiers());
    }
    if (data != null) {
      body.put("data", data);
    }
    return body.put("env", session.env().toJson(session.cstate(), istate));
  }
}
