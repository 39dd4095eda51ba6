package io.cablecluster.core.presence;

import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/** AnyCable's presence options, plus our bounds on what one stream holds. */
public record PresenceConfig(int ttlSeconds, int maxInfoBytes, int maxRecordsPerStream) {

  public static final Option<Integer> PRESENCE_TTL = Option.integer("presence_ttl", 15, 1, 3600,
      "seconds a presence record outlives its session's last sign of life");
  public static final Option<Integer> PRESENCE_MAX_INFO = Option.integer("presence_max_info_bytes", 4096, 16,
      1_048_576, "characters of one presence info; a bigger join is refused");
  public static final Option<Integer> PRESENCE_MAX_RECORDS = Option.integer("presence_max_records", 10_000, 1,
      1_000_000, "presence records per stream; joins beyond it are refused");

  public static PresenceConfig from(Settings s) {
    return new PresenceConfig(PRESENCE_TTL.read(s), PRESENCE_MAX_INFO.read(s), PRESENCE_MAX_RECORDS.read(s));
  }

  public long ttlMillis() {
    return ttlSeconds * 1000L;
  }
}
