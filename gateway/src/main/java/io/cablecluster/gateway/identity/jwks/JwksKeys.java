package io.cablecluster.gateway.identity.jwks;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The identity provider's keys, cached. A kid not in the cache triggers a fetch, and so does a lookup once the
 * keys are older than the TTL (the cached key still answers; the next lookups see the new set). Fetches are
 * rate-limited — at most one starts per refresh interval, failed or not, so made-up kids cannot make the
 * node hammer the provider — and coalesced: lookups while a fetch is running wait for that fetch. A failed
 * fetch (down, slow, garbage, oversized) keeps the previous keys and is reported to {@code onError}; its
 * waiting lookups find no key. Safe to call from any thread; never blocks.
 */
public final class JwksKeys {
  /** Where the document comes from: a future of its body (bounded and timed out by the source). */
  public interface Source {
    Future<Buffer> fetch();
  }

  private final Source source;
  private final LongSupplier nanoClock;
  private final long refreshIntervalNanos;
  private final long ttlNanos;
  private final Consumer<Throwable> onError;
  private Map<String, Jwk> keys = Map.of();
  private boolean loaded;
  private long loadedAt;
  private boolean attempted;
  private long attemptedAt;
  private Future<Map<String, Jwk>> inflight;

  public JwksKeys(Source source, LongSupplier nanoClock, long refreshIntervalNanos, long ttlNanos,
                  Consumer<Throwable> onError) {
    this.source = source;
    this.nanoClock = nanoClock;
    this.refreshIntervalNanos = refreshIntervalNanos;
    this.ttlNanos = ttlNanos;
    this.onError = onError;
  }

  /** The key named {@code kid}, or null when the provider does not publish it (or cannot be reached). */
  public Future<Jwk> key(String kid) {
    Future<Map<String, Jwk>> waiting;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      Jwk cached = keys.get(kid);
      if (cached != null) {
        if (loaded && now - loadedAt >= ttlNanos && inflight == null && mayFetch(now)) {
          fetch(now);
        }
        return Future.succeededFuture(cached);
      }
      if (inflight != null) {
        waiting = inflight;
      } else if (mayFetch(now)) {
        waiting = fetch(now);
      } else {
        return Future.succeededFuture();
      }
    }
    return waiting.map(fetched -> fetched.get(kid)).otherwise((Jwk) null);
  }

  private boolean mayFetch(long now) {
    return !attempted || now - attemptedAt >= refreshIntervalNanos;
  }

  private Future<Map<String, Jwk>> fetch(long now) {
    attempted = true;
    attemptedAt = now;
    Future<Map<String, Jwk>> fetched;
    try {
      fetched = source.fetch().map(JwkSet::parse);
    } catch (RuntimeException e) {
      fetched = Future.failedFuture(e);
    }
    inflight = fetched;
    // Registered after inflight is set: a fetch that already completed clears it at once.
    fetched.onComplete(result -> {
      synchronized (this) {
        inflight = null;
        if (result.succeeded()) {
          keys = result.result();
          loaded = true;
          loadedAt = nanoClock.getAsLong();
        }
      }
      if (result.failed()) {
        onError.accept(result.cause());
      }
    });
    return fetched;
  }
}
