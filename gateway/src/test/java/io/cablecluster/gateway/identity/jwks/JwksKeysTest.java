package io.cablecluster.gateway.identity.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.cablecluster.gateway.testing.Await;
import io.cablecluster.testkit.IdpKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The key cache against a fake source and clock: coalescing, the refresh rate limit, the TTL, failures. */
class JwksKeysTest {
  private static final IdpKey FIRST = IdpKey.rsa("first");
  private static final IdpKey SECOND = IdpKey.ec("second");
  private static final long INTERVAL = TimeUnit.SECONDS.toNanos(30);
  private static final long TTL = TimeUnit.SECONDS.toNanos(600);
  private final List<Promise<Buffer>> fetches = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  private final AtomicLong clock = new AtomicLong(1_000);
  private final JwksKeys keys = new JwksKeys(() -> {
    Promise<Buffer> fetch = Promise.promise();
    fetches.add(fetch);
    return fetch.future();
  }, clock::get, INTERVAL, TTL, errors::add);

  private static Buffer jwks(IdpKey... published) {
    JsonArray list = new JsonArray();
    for (IdpKey key : published) {
      list.add(key.jwk());
    }
    return new JsonObject().put("keys", list).toBuffer();
  }

  @Test
  @DisplayName("Verifies that concurrent lookups of unknown kids wait for one shared fetch")
  void concurrentLookupsShareOneFetch() {
    Future<Jwk> a = keys.key("first");
    Future<Jwk> b = keys.key("second");
    Future<Jwk> c = keys.key("first");
    assertEquals(1, fetches.size());
    fetches.get(0).complete(jwks(FIRST, SECOND));
    assertEquals("first", Await.result(a).kid());
    assertEquals("ES256", Await.result(b).alg());
    assertEquals("first", Await.result(c).kid());
  }

  @Test
  @DisplayName("Verifies that an unknown kid triggers at most one fetch per refresh interval")
  void unknownKidFetchesAtMostOncePerInterval() {
    keys.key("first");
    fetches.get(0).complete(jwks(FIRST));
    assertNull(Await.result(keys.key("made-up")), "too soon after the first fetch");
    assertEquals(1, fetches.size());
    clock.addAndGet(INTERVAL);
    Future<Jwk> rotated = keys.key("second");
    assertEquals(2, fetches.size());
    fetches.get(1).complete(jwks(FIRST, SECOND));
    assertEquals("second", Await.result(rotated).kid());
    assertEquals("first", Await.result(keys.key("first")).kid());
    assertEquals(2, fetches.size(), "known kids never fetch");
  }

  @Test
  @DisplayName("Verifies that a failed or garbage fetch keeps the previous keys, is reported and still counts against the rate limit")
  void failedFetchKeepsPreviousKeys() {
    keys.key("first");
    fetches.get(0).complete(jwks(FIRST));
    clock.addAndGet(INTERVAL);
    Future<Jwk> unknown = keys.key("second");
    fetches.get(1).fail("connection refused");
    assertNull(Await.result(unknown));
    clock.addAndGet(INTERVAL);
    Future<Jwk> again = keys.key("second");
    fetches.get(2).complete(Buffer.buffer("<html>not a jwks</html>"));
    assertNull(Await.result(again));
    assertEquals(2, errors.size());
    assertNull(Await.result(keys.key("second")), "no fetch within the interval after a failure");
    assertEquals(3, fetches.size());
    assertEquals("first", Await.result(keys.key("first")).kid());
  }

  @Test
  @DisplayName("Verifies that keys older than the TTL are fetched again while the cached key still answers, and removed keys stop verifying")
  void staleKeysAreRefetched() {
    keys.key("first");
    fetches.get(0).complete(jwks(FIRST));
    clock.addAndGet(TTL);
    assertEquals("first", Await.result(keys.key("first")).kid(), "answered from the cache meanwhile");
    assertEquals(2, fetches.size());
    fetches.get(1).complete(jwks(SECOND));
    assertNull(Await.result(keys.key("first")), "a key the provider removed is gone");
  }
}
