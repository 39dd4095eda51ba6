package io.cablecluster.gateway.broker;

import io.cablecluster.core.config.Settings;
import java.util.List;

/** AnyCable's broker options; only the memory broker exists here (kept on every node). */
public record BrokerConfig(String broker, int historyLimit, int historyTtlSeconds, int maxStreams,
                           int sessionsTtlSeconds, int maxSessions) {

  public static BrokerConfig from(Settings s) {
    return new BrokerConfig(
        s.choice("broker", "none", List.of("none", "memory")),
        s.integer("history_limit", 100, 1, 100_000),
        s.integer("history_ttl", 300, 1, 86_400),
        s.integer("history_max_streams", 100_000, 1, 10_000_000),
        s.integer("sessions_ttl", 300, 1, 86_400),
        s.integer("sessions_max", 100_000, 1, 10_000_000));
  }

  public boolean enabled() {
    return "memory".equals(broker);
  }
}
