package io.cablecluster.gateway.broker;

import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import java.util.List;

/** AnyCable's broker options; only the memory broker exists here (kept on every node). */
public record BrokerConfig(String broker, int historyLimit, int historyTtlSeconds, int maxStreams,
                           int sessionsTtlSeconds, int maxSessions) {

  public static final Option<String> BROKER = Option.choice("broker", "none", List.of("none", "memory"),
      "memory keeps stream history and restorable sessions on every node");
  public static final Option<Integer> HISTORY_LIMIT = Option.integer("history_limit", 100, 1, 100_000,
      "messages kept per stream");
  public static final Option<Integer> HISTORY_TTL = Option.integer("history_ttl", 300, 1, 86_400,
      "seconds a message is kept");
  public static final Option<Integer> HISTORY_MAX_STREAMS = Option.integer("history_max_streams", 100_000, 1,
      10_000_000, "streams with history per node");
  public static final Option<Integer> SESSIONS_TTL = Option.integer("sessions_ttl", 300, 1, 86_400,
      "seconds a closed session can be restored");
  public static final Option<Integer> SESSIONS_MAX = Option.integer("sessions_max", 100_000, 1, 10_000_000,
      "restorable sessions per node");

  public static BrokerConfig from(Settings s) {
    return new BrokerConfig(
        BROKER.read(s),
        HISTORY_LIMIT.read(s),
        HISTORY_TTL.read(s),
        HISTORY_MAX_STREAMS.read(s),
        SESSIONS_TTL.read(s),
        SESSIONS_MAX.read(s));
  }

  public boolean enabled() {
    return "memory".equals(broker);
  }
}
