package io.cablecluster.gateway.session;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.GatewayConfig;
import io.cablecluster.gateway.identity.Authenticator;
import io.cablecluster.gateway.rpc.DisconnectQueue;
import io.cablecluster.gateway.streams.StreamHub;
import io.vertx.core.Vertx;

/** The node-wide services every connection uses; {@code sessions} is null without a broker. */
public record Gateway(Vertx vertx, GatewayConfig config, CableMetrics metrics, StreamHub hub,
                      SessionRegistry registry, Authenticator authenticator, Commands commands,
                      DisconnectQueue disconnects, SessionCache sessions) {
}
