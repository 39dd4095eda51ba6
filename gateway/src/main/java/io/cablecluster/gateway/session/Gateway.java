package io.cablecluster.gateway.session;

import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.gateway.broker.Broker;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.streams.StreamHub;
import io.vertx.core.Vertx;

/** The node-wide services every connection uses. */
public record Gateway(Vertx vertx, GatewayConfig config, GatewayCounters counters, StreamHub hub,
                      SessionRegistry registry, Controller controller, Broker broker, Commands commands,
                      Disconnector disconnector) {
}
