package io.cablecluster.gateway.session;

import io.cablecluster.core.log.SidTag;

/**
 * How a log line names a connection. A sid is a session-restore credential for extended-protocol
 * sessions ({@code X-AnyCable-Restore-Sid} / {@code ?sid=}), so logs never carry it: they carry
 * {@code sid=} followed by its {@link SidTag} (the first 8 hex digits of the SHA-256 of the sid). The tag
 * is the same on every node and for the whole life of a sid (an operator who has a sid can compute its tag
 * and find every line of that connection, also after a restore elsewhere), and it cannot be turned back
 * into the sid.
 */
public final class LogIds {

  private LogIds() {
  }

  /** {@code sid=<8 hex digits>} for a sid; {@code sid=-} when there is none. */
  public static String sid(String sid) {
    return "sid=" + SidTag.of(sid);
  }

  /** The first 8 hex digits of the SHA-256 of the sid. */
  static String tag(String sid) {
    return SidTag.of(sid);
  }
}
