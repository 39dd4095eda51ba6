package io.cablecluster.core.log;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How a log line names a connection. A sid is a session-restore credential for extended-protocol sessions
 * ({@code X-AnyCable-Restore-Sid} / {@code ?sid=}), so logs never carry it: they carry the first 8 hex
 * digits of the SHA-256 of the sid. The tag is the same on every node and in every module (the gateway's
 * lines and the RPC bridge's lines of one connection match), and it cannot be turned back into the sid.
 */
public final class SidTag {
  private static final HexFormat HEX = HexFormat.of();

  private SidTag() {
  }

  /** The first 8 hex digits of the SHA-256 of the sid; {@code -} when there is none. */
  public static String of(String sid) {
    if (sid == null || sid.isEmpty()) {
      return "-";
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sid.getBytes(StandardCharsets.UTF_8));
      return HEX.formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
