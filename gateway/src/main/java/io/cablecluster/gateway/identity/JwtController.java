package io.cablecluster.gateway.identity;

import io.cablecluster.gateway.session.LogIds;
import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.controller.ForwardingController;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Future;
import java.util.List;
import java.util.logging.Logger;

/**
 * JWT identification in front of the rest of the chain: a connection bringing a token (header
 * {@code x-<param>}, then an {@code anycable-token.<t>} subprotocol, then — only when {@code jwt_bearer_header}
 * is on, since apps may forward that header to their RPC Connect instead — {@code Authorization: Bearer <t>},
 * then the query parameter) is identified by it alone; without a token it goes on to the next controller,
 * unless JWT is enforced. Tokens are never logged.
 */
public final class JwtController extends ForwardingController {
  private static final Logger LOG = Logger.getLogger(JwtController.class.getName());
  private static final String TOKEN_PROTOCOL = "anycable-token.";
  private static final String BEARER = "bearer ";
  private final TokenIdentifier jwt;
  private final String param;
  private final boolean enforced;
  private final boolean bearerHeader;
  private final Runnable failedAuth;

  public JwtController(Controller next, TokenIdentifier jwt, String param, boolean enforced, Runnable failedAuth) {
    this(next, jwt, param, enforced, false, failedAuth);
  }

  public JwtController(Controller next, TokenIdentifier jwt, String param, boolean enforced, boolean bearerHeader,
                       Runnable failedAuth) {
    super(next);
    this.jwt = jwt;
    this.param = param;
    this.enforced = enforced;
    this.bearerHeader = bearerHeader;
    this.failedAuth = failedAuth;
  }

  @Override
  public Future<ConnectResult> authenticate(ConnectRequest request) {
    String token = token(request);
    if (token != null) {
      return jwt.identify(token).map(outcome -> fromJwt(request, outcome));
    }
    if (enforced) {
      failedAuth.run();
      return Future.succeededFuture(ConnectResult.refused(List.of(Frames.disconnect("unauthorized", false))));
    }
    return next.authenticate(request);
  }

  private ConnectResult fromJwt(ConnectRequest request, JwtIdentifier.Outcome outcome) {
    if (outcome instanceof JwtIdentifier.Identified identified) {
      return ConnectResult.welcome(identified.identifiers(), List.of(Frames.welcome(request.sid())));
    }
    failedAuth.run();
    if (outcome instanceof JwtIdentifier.Expired) {
      return ConnectResult.refused(List.of(Frames.disconnect("token_expired", false)));
    }
    String why = ((JwtIdentifier.Invalid) outcome).why();
    LOG.fine(() -> LogIds.sid(request.sid()) + ": invalid token: " + why);
    if (why.contains("ext claim")) {
      return ConnectResult.error(List.of());
    }
    return ConnectResult.refused(List.of(Frames.disconnect("unauthorized", false)));
  }

  private String token(ConnectRequest request) {
    String header = request.headers().get("x-" + param);
    if (header != null && !header.isEmpty()) {
      return header;
    }
    String protocols = request.headers().get("sec-websocket-protocol");
    if (protocols != null) {
      for (String protocol : protocols.split(",")) {
        String trimmed = protocol.trim();
        if (trimmed.startsWith(TOKEN_PROTOCOL) && trimmed.length() > TOKEN_PROTOCOL.length()) {
          return trimmed.substring(TOKEN_PROTOCOL.length());
        }
      }
    }
    if (bearerHeader) {
      String authorization = request.headers().get("authorization");
      if (authorization != null && authorization.length() > BEARER.length()
          && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
        return authorization.substring(BEARER.length()).trim();
      }
    }
    return QueryParams.get(request.query(), param);
  }
}
