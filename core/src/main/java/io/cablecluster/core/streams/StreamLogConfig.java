package io.cablecluster.core.streams;

import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import java.util.List;

/** AnyCable's broker and history options; in a cluster the memory broker lives at each stream's home. */
public record StreamLogConfig(String broker, int historyLimit, int historyTtlSeconds, int maxStreams,
                              int maxBytesPerStream, int routeWindowSeconds, long maxNodeBytes) {

  public static final Option<String> BROKER = Option.choice("broker", "none", List.of("none", "memory"),
      "memory numbers streams and keeps their history and restorable sessions (cluster-wide when clustered)");
  public static final Option<Integer> HISTORY_LIMIT = Option.integer("history_limit", 100, 1, 100_000,
      "messages kept per stream");
  public static final Option<Integer> HISTORY_TTL = Option.integer("history_ttl", 300, 1, 86_400,
      "seconds a message is kept");
  public static final Option<Integer> HISTORY_MAX_STREAMS = Option.integer("history_max_streams", 100_000, 1,
      10_000_000, "streams with history per node");
  public static final Option<Integer> HISTORY_MAX_BYTES = Option.integer("history_max_bytes", 1_048_576, 1024,
      268_435_456, "characters of history kept per stream; a bigger message is delivered without a position");

  public static final Option<Integer> HISTORY_MAX_NODE_BYTES = Option.integer("history_max_node_bytes", 0, 0,
      Integer.MAX_VALUE, "characters of history a single node keeps in all (0: an eighth of the max heap, so at "
          + "most a quarter of it even for two-byte characters); beyond it new messages go out without a position "
          + "until the TTL frees room").defaultShownAs("heap/8");

  public static final Option<Integer> STREAM_ROUTE_WINDOW = Option.integer("stream_route_window", 10, 1, 600,
      "seconds after a stream's home starts numbering during which it sends to every node, so every follower "
          + "(also one that must follow it again after a lost home) is known before it routes");

  /** Options for a single node or tests: routing does not apply there. */
  public StreamLogConfig(String broker, int historyLimit, int historyTtlSeconds, int maxStreams,
                         int maxBytesPerStream) {
    this(broker, historyLimit, historyTtlSeconds, maxStreams, maxBytesPerStream, 10, 0);
  }

  public static StreamLogConfig from(Settings s) {
    return new StreamLogConfig(BROKER.read(s), HISTORY_LIMIT.read(s), HISTORY_TTL.read(s),
        HISTORY_MAX_STREAMS.read(s), HISTORY_MAX_BYTES.read(s), STREAM_ROUTE_WINDOW.read(s),
        HISTORY_MAX_NODE_BYTES.read(s));
  }

  public boolean enabled() {
    return "memory".equals(broker);
  }

  /** The node-wide bound in characters: the configured one, else an eighth of the heap. */
  public long nodeBytes() {
    return maxNodeBytes > 0 ? maxNodeBytes : Runtime.getRuntime().maxMemory() / 8;
  }

  public HistoryLimits limits() {
    return new HistoryLimits(historyLimit, historyTtlSeconds * 1000L, maxBytesPerStream);
  }
}
