package io.cablecluster.gateway.session;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;

/** The gateway's counters, resolved once (they are touched on every frame). */
public record GatewayCounters(Counter clientMessages, Counter failedClientMessages, Counter failedAuths,
                              Counter slowClients, Counter subscriptionsOverLimit, Counter messagesTooBig,
                              Counter protocolErrors, Counter pongsDropped, Counter presenceRefused,
                              Counter serverMessages, Counter dataSent, Counter dataReceived) {

  public static GatewayCounters of(CableMetrics metrics) {
    return new GatewayCounters(metrics.counter(MetricNames.CLIENT_MSG_TOTAL),
        metrics.counter(MetricNames.FAILED_CLIENT_MSG_TOTAL), metrics.counter(MetricNames.FAILED_AUTHS_TOTAL),
        metrics.counter(MetricNames.DISCONNECTED_SLOW_CLIENTS_TOTAL),
        metrics.counter(MetricNames.SUBSCRIPTIONS_OVER_LIMIT_TOTAL),
        metrics.counter(MetricNames.CLIENT_MSG_TOO_BIG_TOTAL), metrics.counter(MetricNames.WS_PROTOCOL_ERRORS_TOTAL),
        metrics.counter(MetricNames.WS_PONGS_DROPPED_TOTAL), metrics.counter(MetricNames.PRESENCE_JOINS_REFUSED_TOTAL),
        metrics.counter(MetricNames.SERVER_MSG_TOTAL), metrics.counter(MetricNames.DATA_SENT_TOTAL),
        metrics.counter(MetricNames.DATA_RCVD_TOTAL));
  }
}
