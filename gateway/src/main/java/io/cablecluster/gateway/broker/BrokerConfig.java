package io.cablecluster.gateway.broker;

import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.streams.StreamLogConfig;

/** The gateway's side of AnyCable's broker options: restorable sessions (history options: {@link StreamLogConfig}). */
public record BrokerConfig(String broker, int sessionsTtlSeconds, int maxSessions) {

  public static final Option<Integer> SESSIONS_TTL = Option.integer("sessions_ttl", 300, 1, 86_400,
      "seconds a closed session can be restored");
  public static final Option<Integer> SESSIONS_MAX = Option.integer("sessions_max", 100_000, 1, 10_000_000,
      "restorable sessions per node");

  public static BrokerConfig from(Settings s) {
    return new BrokerConfig(StreamLogConfig.BROKER.read(s), SESSIONS_TTL.read(s), SESSIONS_MAX.read(s));
  }

  public boolean enabled() {
    return "memory".equals(broker);
  }
}
