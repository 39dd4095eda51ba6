package io.cablecluster.gateway.rpc;

import io.cablecluster.gateway.session.LogIds;
import io.cablecluster.gateway.controller.ChannelRequest;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.controller.DisconnectRequest;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.core.json.JsonDepth;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The backend's AnyCable RPC (Connect, Command, Disconnect) behind the controller seam: requests in
 * AnyCable's JSON shape, answers read leniently into results. A backend that cannot be reached fails
 * the future, except for Connect, which becomes an ERROR (the client is closed with 1011).
 */
public final class RpcController implements Controller {
  private static final Logger LOG = Logger.getLogger(RpcController.class.getName());
  private final RpcClient rpc;
  private final Runnable failedAuth;

  public RpcController(RpcClient rpc, Runnable failedAuth) {
    this.rpc = rpc;
    this.failedAuth = failedAuth;
  }

  @Override
  public Future<ConnectResult> authenticate(ConnectRequest request) {
    JsonObject body = new JsonObject().put("env", request.env().toJson(null, null));
    return rpc.connect(request.sid(), body).map(reply -> {
      if (reply.success()) {
        return new ConnectResult(Status.SUCCESS, reply.identifiers(), welcomeFrames(request, reply), reply.cstate(),
            true);
      }
      if (reply.failure()) {
        failedAuth.run();
        return new ConnectResult(Status.FAILURE, null, reply.transmissions(), Map.of(), true);
      }
      LOG.warning(LogIds.sid(request.sid()) + ": connect RPC answered ERROR: " + reply.errorMessage());
      return new ConnectResult(Status.ERROR, null, List.of(), Map.of(), true);
    }).recover(e -> {
      LOG.warning(LogIds.sid(request.sid()) + ": connect RPC failed: " + e.getMessage());
      return Future.succeededFuture(new ConnectResult(Status.ERROR, null, List.of(), Map.of(), true));
    });
  }

  @Override
  public Future<CommandResult> subscribe(ChannelRequest request) {
    return command("subscribe", request, null);
  }

  @Override
  public Future<CommandResult> unsubscribe(ChannelRequest request) {
    return command("unsubscribe", request, null);
  }

  @Override
  public Future<CommandResult> perform(ChannelRequest request, String data) {
    return command("message", request, data);
  }

  @Override
  public Future<Void> disconnect(DisconnectRequest request) {
    return rpc.disconnect(request.sid(), disconnectBody(request)).mapEmpty();
  }

  private Future<CommandResult> command(String command, ChannelRequest request, String data) {
    JsonObject body = new JsonObject().put("command", command).put("identifier", request.identifier());
    if (request.identifiers() != null && !request.identifiers().isEmpty()) {
      body.put("connection_identifiers", request.identifiers());
    }
    if (data != null) {
      body.put("data", data);
    }
    body.put("env", request.env().toJson(request.cstate(), request.istate()));
    return rpc.command(request.sid(), body).map(RpcController::result);
  }

  private static CommandResult result(RpcReply reply) {
    Status status = reply.success() ? Status.SUCCESS : reply.failure() ? Status.FAILURE : Status.ERROR;
    return new CommandResult(status, reply.transmissions(), reply.streams(), reply.stoppedStreams(),
        reply.stopStreams(), reply.disconnect(), reply.istate(), reply.cstate(), reply.errorMessage(), true,
        reply.presence());
  }

  /** Extended-protocol clients need the sid in the welcome even when the backend's welcome lacks it. */
  private static List<String> welcomeFrames(ConnectRequest request, RpcReply reply) {
    if (!request.extended()) {
      return reply.transmissions();
    }
    List<String> frames = new ArrayList<>(reply.transmissions().size());
    for (String frame : reply.transmissions()) {
      if (frame.contains("\"welcome\"") && !frame.contains("\"sid\"") && JsonDepth.withinLimit(frame)) {
        try {
          JsonObject welcome = new JsonObject(frame);
          if ("welcome".equals(welcome.getValue("type"))) {
            frame = welcome.put("sid", request.sid()).encode();
          }
        } catch (RuntimeException notJson) {
          // Sent verbatim, as AnyCable does with transmissions.
        }
      }
      frames.add(frame);
    }
    return frames;
  }

  private static JsonObject disconnectBody(DisconnectRequest request) {
    JsonArray subscriptions = new JsonArray();
    JsonObject istates = new JsonObject();
    request.istates().forEach((identifier, istate) -> {
      subscriptions.add(identifier);
      if (!istate.isEmpty()) {
        istates.put(identifier, new JsonObject(new LinkedHashMap<>(istate)).encode());
      }
    });
    JsonObject env = request.env().toJson(request.cstate(), null);
    if (!istates.isEmpty()) {
      env.put("istate", istates);
    }
    JsonObject body = new JsonObject();
    if (request.identifiers() != null && !request.identifiers().isEmpty()) {
      body.put("identifiers", request.identifiers());
    }
    if (!subscriptions.isEmpty()) {
      body.put("subscriptions", subscriptions);
    }
    return body.put("env", env);
  }
}
