package io.cablecluster.gateway.identity;

import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.controller.ForwardingController;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** {@code noauth}: every connection is welcome, identified by its own sid; nothing goes further. */
public final class NoauthController extends ForwardingController {

  public NoauthController(Controller next) {
    super(next);
  }

  @Override
  public Future<ConnectResult> authenticate(ConnectRequest request) {
    String identifiers = new JsonObject().put("sid", request.sid()).encode();
    return Future.succeededFuture(ConnectResult.welcome(identifiers, List.of(Frames.welcome(request.sid()))));
  }
}
