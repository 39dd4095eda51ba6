package io.cablecluster.core.sessions;

import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/** AnyCable's session-cache options, plus our bound on a snapshot's size. */
public record SessionsConfig(int ttlSeconds, int maxSessions, int maxBytes) {

  public static final Option<Integer> SESSIONS_TTL = Option.integer("sessions_ttl", 300, 1, 86_400,
      "seconds a session can be restored after its last change or keepalive");
  public static final Option<Integer> SESSIONS_MAX = Option.integer("sessions_max", 100_000, 1, 10_000_000,
      "restorable sessions per node");
  public static final Option<Integer> SESSIONS_MAX_BYTES = Option.integer("sessions_max_bytes", 65_536, 1024,
      16_777_216, "characters of one session snapshot; a bigger session is not kept for restore");

  public static SessionsConfig from(Settings s) {
    return new SessionsConfig(SESSIONS_TTL.read(s), SESSIONS_MAX.read(s), SESSIONS_MAX_BYTES.read(s));
  }
}
