package io.cablecluster.gateway.session;

import io.cablecluster.core.metrics.CableMetrics;
import io.micrometer.core.instrument.Counter;

/** The gateway's counters, resolved once (they are touched on every frame). */
public record GatewayCounters(Counter clientMessages, Counter failedClientMessages, Counter failedAuths,
                              Counter slowClients) {

  public static GatewayCounters of(CableMetrics metrics) {
    return new GatewayCounters(metrics.counter("client_msg_total"), metrics.counter("failed_client_msg_total"),
        metrics.counter("failed_auths_total"), metrics.counter("disconnected_slow_clients_total"));
  }
}
