package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.CableNodeExtension;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hardening row 16 (sids in logs): a sid is a session-restore credential for extended-protocol sessions,
 * so no log line carries it; lines name the connection {@code sid=<first 8 hex digits of SHA-256(sid)>}.
 * A session with a known sid (its extended welcome) sends an ignored frame and a frame for an unknown
 * identifier, is closed for a frame over {@code max_message_size}, and then its sid is presented by a
 * client that fails authentication; with FINE logging on, every line is captured.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SidLogTagTest {
  static final String SECRET = "qwerty";
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", SECRET, "jwt_param", "token",
      "enforce_jwt", "true", "broker", "memory", "max_message_size", "4096"));

  static String tag(String sid) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(sid.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest, 0, 4);
  }

  /** Every record at FINE or above, formatted as a log file would show it (message, parameters, trace). */
  static final class AllLines extends Handler {
    private final SimpleFormatter formatter = new SimpleFormatter();
    final List<String> lines = new CopyOnWriteArrayList<>();

    AllLines() {
      setLevel(Level.ALL);
    }

    @Override
    public void publish(LogRecord record) {
      lines.add(formatter.format(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  }

  @Test
  @DisplayName("Verifies that with FINE logging no line names a sid in full, through bad frames, a close and an auth failure presenting it, while the lines name its SHA-256 tag")
  void logLinesNameATagNotTheSid() throws Exception {
    Logger ours = Logger.getLogger("io.cablecluster");
    Level before = ours.getLevel();
    Logger root = Logger.getLogger("");
    AllLines captured = new AllLines();
    ours.setLevel(Level.FINE);
    root.addHandler(captured);
    String sid;
    try {
      long inAMinute = System.currentTimeMillis() / 1000 + 60;
      String valid = JwtClaimTypesTest.token(new JsonObject().put("ext", "{\"user_id\":42}").put("exp", inAMinute));
      try (CableClient client = cable.node().connect(new CableClientOptions().extended().query("token=" + valid))) {
        JsonObject welcome = client.receiveAny();
        assertEquals("welcome", welcome.getString("type"), welcome.encode());
        sid = welcome.getString("sid");
        assertTrue(sid != null && sid.length() >= 16, welcome.encode());
        client.send("{not json");
        client.send(new JsonObject().put("command", "message")
            .put("identifier", "{\"channel\":\"Nowhere\"}").put("data", "{}"));
        client.send("x".repeat(5_000));
        assertEquals((short) 1009, client.awaitClose().code());
      }
      try (CableClient refused = cable.node().connect(new CableClientOptions().restoreSid(sid)
          .query("sid=" + sid + "&token=not.a.token"))) {
        assertEquals("unauthorized", refused.receiveAny().getString("reason"));
        assertEquals((short) 1000, refused.awaitClose().code());
      }
    } finally {
      root.removeHandler(captured);
      ours.setLevel(before);
    }

    String tag = "sid=" + tag(sid);
    List<String> lines = captured.lines;
    String all = String.join("", lines);
    for (String line : lines) {
      assertFalse(line.contains(sid), "a log line names the sid in full: " + line);
    }
    assertTrue(lines.stream().anyMatch(l -> l.contains(tag) && l.contains("unknown identifier")), all);
    assertTrue(lines.stream().anyMatch(l -> l.contains(tag) && l.contains("max_message_size")), all);
    assertTrue(lines.stream().anyMatch(l -> l.matches("(?s).*sid=[0-9a-f]{8}: invalid token.*")), all);
  }
}
