package io.cablecluster.gateway.identity;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.GatewayConfig;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.rpc.RpcClient;
import io.cablecluster.gateway.rpc.RpcReply;
import io.cablecluster.gateway.session.AuthResult;
import io.cablecluster.gateway.session.Session;
import io.cablecluster.gateway.session.SessionCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Decides who a new connection is: a JWT (header, subprotocol or query), no auth, or the backend's
 * Connect RPC, in AnyCable's order. Without any of these the connection is unauthorized.
 */
public final class Authenticator {
  private static final Logger LOG = Logger.getLogger(Authenticator.class.getName());
  private static final String TOKEN_PROTOCOL = "anycable-token.";
  private final GatewayConfig config;
  private final JwtIdentifier jwt;
  private final RpcClient rpc;
  private final CableMetrics metrics;
  private final SessionCache sessions;

  /** {@code jwt}, {@code rpc} and {@code sessions} are null when that way in is off. */
  public Authenticator(GatewayConfig config, JwtIdentifier jwt, RpcClient rpc, CableMetrics metrics,
                       SessionCache sessions) {
    this.config = config;
    this.jwt = jwt;
    this.rpc = rpc;
    this.metrics = metrics;
    this.sessions = sessions;
  }

  public Future<AuthResult> authenticate(Session session) {
    SessionCache.Snapshot restored = restorable(session);
    if (restored != null) {
      return Future.succeededFuture(new AuthResult.Restore(restored));
    }
    if (jwt != null) {
      String token = token(session);
      if (token != null) {
        return jwt.identify(token).map(outcome -> fromJwt(session, outcome));
      }
      if (config.enforceJwt()) {
        return Future.succeededFuture(unauthorized());
      }
    }
    if (config.noauth()) {
      String identifiers = new JsonObject().put("sid", session.sid()).encode();
      return Future.succeededFuture(welcome(session, identifiers));
    }
    if (rpc != null) {
      return connectRpc(session);
    }
    return Future.succeededFuture(unauthorized());
  }

  private AuthResult fromJwt(Session session, JwtIdentifier.Outcome outcome) {
    if (outcome instanceof JwtIdentifier.Identified identified) {
      return welcome(session, identified.identifiers());
    }
    metrics.increment("failed_auths_total");
    if (outcome instanceof JwtIdentifier.Expired) {
      return new AuthResult.Refuse(List.of(Frames.disconnect("token_expired", false)), (short) 1000);
    }
    String why = ((JwtIdentifier.Invalid) outcome).why();
    LOG.fine(() -> session.sid() + ": invalid token: " + why);
    if (why.contains("ext claim")) {
      return new AuthResult.Refuse(List.of(), (short) 1011);
    }
    return unauthorized();
  }

  private AuthResult welcome(Session session, String identifiers) {
    return new AuthResult.Welcome(identifiers, List.of(Frames.welcome(session.sid())), false, Map.of());
  }

  private AuthResult unauthorized() {
    metrics.increment("failed_auths_total");
    return new AuthResult.Refuse(List.of(Frames.disconnect("unauthorized", false)), (short) 1000);
  }

  private Future<AuthResult> connectRpc(Session session) {
    JsonObject body = new JsonObject().put("env", session.env().toJson(null, null));
    return rpc.connect(session.sid(), body).map(reply -> {
      if (reply.success()) {
        return (AuthResult) new AuthResult.Welcome(reply.identifiers(), welcomeFrames(session, reply),
            true, reply.cstate());
      }
      if (reply.failure()) {
        metrics.increment("failed_auths_total");
        return new AuthResult.Refuse(reply.transmissions(), (short) 1000);
      }
      LOG.warning(session.sid() + ": connect RPC answered ERROR: " + reply.errorMessage());
      return new AuthResult.Refuse(List.of(), (short) 1011);
    }).recover(e -> {
      LOG.warning(session.sid() + ": connect RPC failed: " + e.getMessage());
      return Future.succeededFuture(new AuthResult.Refuse(List.of(), (short) 1011));
    });
  }

  /** Extended-protocol clients need the sid in the welcome even when the backend's welcome lacks it. */
  private static List<String> welcomeFrames(Session session, RpcReply reply) {
    if (!session.extended()) {
      return reply.transmissions();
    }
    List<String> frames = new ArrayList<>(reply.transmissions().size());
    for (String frame : reply.transmissions()) {
      if (frame.contains("\"welcome\"") && !frame.contains("\"sid\"")) {
        try {
          JsonObject welcome = new JsonObject(frame);
          if ("welcome".equals(welcome.getValue("type"))) {
            frame = welcome.put("sid", session.sid()).encode();
          }
        } catch (RuntimeException notJson) {
          // Sent verbatim, as AnyCable does with transmissions.
        }
      }
      frames.add(frame);
    }
    return frames;
  }

  /** An extended-protocol client naming its previous sid (header wins over {@code ?sid=}) may get it back. */
  private SessionCache.Snapshot restorable(Session session) {
    if (sessions == null || !session.extended()) {
      return null;
    }
    String sid = session.socket().headers().get("x-anycable-restore-sid");
    if (sid == null || sid.isEmpty()) {
      sid = QueryParams.get(session.socket().query(), "sid");
    }
    return sessions.take(sid);
  }

  /** Header {@code x-<param>}, then a {@code anycable-token.<t>} subprotocol, then the query parameter. */
  private String token(Session session) {
    String header = session.socket().headers().get("x-" + config.jwtParam());
    if (header != null && !header.isEmpty()) {
      return header;
    }
    String protocols = session.socket().headers().get("sec-websocket-protocol");
    if (protocols != null) {
      for (String protocol : protocols.split(",")) {
        String trimmed = protocol.trim();
        if (trimmed.startsWith(TOKEN_PROTOCOL) && trimmed.length() > TOKEN_PROTOCOL.length()) {
          return trimmed.substring(TOKEN_PROTOCOL.length());
        }
      }
    }
    return QueryParams.get(session.socket().query(), config.jwtParam());
  }
}
