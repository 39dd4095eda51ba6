package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cablecluster.gateway.channels.SignedStreams;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.Jwt;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A debug node in its own JVM, given every kind of credential (secret, broadcast key, RPC secret, userinfo in
 * {@code rpc_host}, JWT and streams secrets, a Redis password), serves a connect with a session cookie via
 * a real loopback RPC backend, subscribe, broadcast, perform, unsubscribe, disconnect, a JWT in the URL, a
 * signed stream, a session restore and a rejected token. Its whole output is then searched: no credential
 * and no full sid occurs in any line, while the per-connection and per-RPC debug lines do.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LogSecretsTest {
  static final String SECRET = "base-secret-5f1e";
  static final String BROADCAST_KEY = "broadcast-key-77ab";
  static final String RPC_SECRET = "rpc-bearer-c0ffee";
  static final String RPC_PASSWORD = "rpc-userinfo-pw-91";
  static final String JWT_SECRET = "jwt-secret-4242";
  static final String STREAMS_SECRET = "streams-secret-8e8e";
  static final String REDIS_PASSWORD = "redis-pw-d00d";
  static final String COOKIE = "cookie-session-6a6a";
  static final String CHAT = "{\"channel\":\"ChatChannel\",\"room\":\"1\"}";
  /** The lines every run must show, each with a sid tag (so the test cannot pass by logging nothing). */
  static final List<String> EXPECTED = List.of("connected", "authenticated", "subscribed", "perform",
      "unsubscribed", "disconnected", "session restored", "authentication rejected", "RPC connect",
      "RPC command", "RPC disconnect");
  static final String BROADCAST_LINE = "incoming broadcast message";
  private static final Pattern TAG = Pattern.compile("[0-9a-f]{8}");

  private Vertx vertx;
  private CredentialCheckingBackend backend;
  private Process redis;
  private int redisPort;
  private final List<String> credentials = new ArrayList<>(List.of(SECRET, BROADCAST_KEY, RPC_SECRET,
      RPC_PASSWORD, JWT_SECRET, STREAMS_SECRET, REDIS_PASSWORD, COOKIE));

  @BeforeEach
  void startBackends() throws Exception {
    vertx = Vertx.vertx();
    backend = new CredentialCheckingBackend(vertx, RPC_SECRET, COOKIE);
    redisPort = FreePorts.one();
    redis = new ProcessBuilder("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--requirepass", REDIS_PASSWORD)
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    Await.until("redis-server to answer", Duration.ofSeconds(10), () -> "PONG".equals(redisCli("PING")));
  }

  @AfterEach
  void stopBackends() throws Exception {
    redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    backend.close();
    Await.result(vertx.close(), Duration.ofSeconds(10));
  }

  @Test
  @DisplayName("Verifies that a --debug node's text output names connections by sid tag in its debug lines and carries no credential, token, cookie or full sid")
  void debugTextLogCarriesNoCredential(@TempDir Path dir) throws Exception {
    String output = run(dir, "text", Map.of(), "--debug");
    for (String message : EXPECTED) {
      assertTrue(Pattern.compile("(?m)^.* FINE .* - " + Pattern.quote(message) + " nodeid=\\S+ context=\\w+ sid="
          + TAG.pattern()).matcher(output).find(), "no '" + message + "' debug line:\n" + output);
    }
    assertTrue(output.contains("identifier=\"{\\\"channel\\\":\\\"ChatChannel\\\""), output);
    assertTrue(output.contains("stream=" + CredentialCheckingBackend.STREAM), output);
    assertTrue(output.contains("action=speak"), output);
    assertTrue(output.contains(BROADCAST_LINE + " nodeid="), output);
  }

  @Test
  @DisplayName("Verifies that with ANYCABLE_LOG_FORMAT=json and ANYCABLE_DEBUG every output line is one JSON object, the debug lines carry sid, nodeid and context fields, and no credential appears")
  void debugJsonLogIsOneObjectPerLineWithoutCredentials(@TempDir Path dir) throws Exception {
    String output = run(dir, "json", Map.of("ANYCABLE_LOG_FORMAT", "json", "ANYCABLE_DEBUG", "true"));
    List<JsonObject> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      try {
        lines.add(new JsonObject(line));
      } catch (RuntimeException e) {
        fail("not one JSON object: " + line + "\n" + output);
      }
    }
    for (String message : EXPECTED) {
      assertTrue(lines.stream().anyMatch(l -> message.equals(l.getString("msg")) && "DEBUG".equals(l.getString("level"))
          && TAG.matcher(l.getString("sid", "")).matches() && l.getString("nodeid") != null
          && l.getString("context") != null && l.getString("time") != null && l.getString("logger") != null),
          "no '" + message + "' debug line:\n" + output);
    }
    JsonObject subscribed = lines.stream().filter(l -> "subscribed".equals(l.getString("msg"))
        && CHAT.equals(l.getString("identifier"))).findFirst().orElseThrow(() -> new AssertionError(output));
    assertEquals(CredentialCheckingBackend.STREAM, subscribed.getString("stream"));
    assertTrue(lines.stream().anyMatch(l -> BROADCAST_LINE.equals(l.getString("msg"))
        && CredentialCheckingBackend.STREAM.equals(l.getString("stream"))), output);
    assertTrue(lines.stream().anyMatch(l -> "RPC command".equals(l.getString("msg"))
        && "message".equals(l.getString("command")) && "SUCCESS".equals(l.getString("status"))
        && l.getInteger("duration_ms") != null && l.getInteger("retries") == 0), output);
  }

  /** Runs the scenario against a node in its own JVM; returns its whole output once the last lines are in. */
  private String run(Path dir, String name, Map<String, String> env, String... flags) throws Exception {
    String rpcHost = "http://cable:" + RPC_PASSWORD + "@127.0.0.1:" + backend.port() + "/_anycable";
    List<String> args = new ArrayList<>(List.of("--secret", SECRET, "--broadcast_key", BROADCAST_KEY,
        "--rpc_host", rpcHost, "--http_rpc_secret", RPC_SECRET, "--jwt_secret", JWT_SECRET,
        "--streams_secret", STREAMS_SECRET, "--broker", "memory",
        "--redis_url", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redisPort));
    args.addAll(List.of(flags));
    try (NodeJvm node = NodeJvm.start(name, dir, env, List.of(), args.toArray(String[]::new))) {
      node.awaitHealthy(Duration.ofSeconds(60));
      // The pub/sub listener is in: Redis took the password from the URL.
      Await.until("the node to subscribe in Redis", Duration.ofSeconds(20),
          () -> redisCli("PUBSUB", "NUMSUB", "__anycable__").endsWith("1"));
      rpcSession(node);
      jwtSessionRestoredAndRejected(node);
      node.awaitOutput(Duration.ofSeconds(10), out -> EXPECTED.stream().allMatch(out::contains)
          && out.contains(BROADCAST_LINE), "the debug lines");
      String output = node.output();
      for (String credential : credentials) {
        assertTrue(!output.contains(credential), "the output contains " + credential + ":\n" + output);
      }
      return output;
    }
  }

  /** Connect with a cookie, subscribe, a keyed broadcast, perform, unsubscribe and close, all through RPC. */
  private void rpcSession(NodeJvm node) throws Exception {
    try (CableClient client = CableClient.welcomed(vertx, node.port(),
        new CableClientOptions().header("Cookie", "_app_session=" + COOKIE))) {
      client.subscribeConfirmed(CHAT);
      HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(node.url("/_broadcast"))
          .header("Authorization", "Bearer " + BROADCAST_KEY).POST(HttpRequest.BodyPublishers.ofString(
              "{\"stream\":\"chat/1\",\"data\":\"{\\\"text\\\":\\\"hi\\\"}\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(201, posted.statusCode(), posted.body());
      assertEquals("hi", client.await(f -> f.getValue("message") instanceof JsonObject, CableClient.RECEIVE)
          .getJsonObject("message").getString("text"));
      client.perform(CHAT, new JsonObject().put("action", "speak").put("text", "hello"));
      assertEquals("speak", client.await(f -> f.getValue("message") instanceof JsonObject, CableClient.RECEIVE)
          .getJsonObject("message").getString("echo"));
      client.unsubscribe(CHAT);
      backend.awaitCalls("command:unsubscribe", 1);
    }
    backend.awaitCalls("disconnect", 1);
  }

  /** A JWT in the URL, a signed stream, a restore by sid, and a token signed with the wrong key. */
  private void jwtSessionRestoredAndRejected(NodeJvm node) {
    long inAMinute = System.currentTimeMillis() / 1000 + 60;
    String token = Jwt.hs256(JWT_SECRET, new JsonObject().put("ext", "{\"user_id\":42}").put("exp", inAMinute));
    String forged = Jwt.hs256("not-the-" + JWT_SECRET, new JsonObject().put("ext", "{\"user_id\":1}"));
    String signed = SignedStreams.sign("private/42", STREAMS_SECRET);
    credentials.addAll(List.of(token, forged, signed.substring(signed.indexOf("--") + 2)));
    String sid;
    try (CableClient client = CableClient.connect(vertx, node.port(),
        new CableClientOptions().extended().query("jid=" + token))) {
      sid = client.awaitType("welcome").getString("sid");
      client.subscribeConfirmed(new JsonObject().put("channel", "$pubsub").put("signed_stream_name", signed).encode());
    }
    credentials.add(sid);
    try (CableClient restored = CableClient.connect(vertx, node.port(),
        new CableClientOptions().extended().restoreSid(sid))) {
      JsonObject welcome = restored.awaitType("welcome");
      assertEquals(Boolean.TRUE, welcome.getBoolean("restored"), welcome.encode());
      credentials.add(welcome.getString("sid"));
    }
    try (CableClient refused = CableClient.connect(vertx, node.port(),
        new CableClientOptions().query("jid=" + forged))) {
      assertEquals("unauthorized", refused.awaitType("disconnect").getString("reason"));
      refused.awaitClose();
    }
  }

  private String redisCli(String... command) {
    List<String> line = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(redisPort), "--no-auth-warning",
        "-a", REDIS_PASSWORD));
    line.addAll(List.of(command));
    try {
      Process cli = new ProcessBuilder(line).redirectErrorStream(true).start();
      String out = new String(cli.getInputStream().readAllBytes()).trim();
      cli.waitFor(5, TimeUnit.SECONDS);
      return out;
    } catch (Exception e) {
      return "";
    }
  }
}
