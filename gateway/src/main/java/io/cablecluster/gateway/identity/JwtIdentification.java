package io.cablecluster.gateway.identity;

import io.cablecluster.core.log.RateLimitedLog;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.gateway.config.IdentityProviderConfig;
import io.cablecluster.gateway.identity.jwks.HttpJwksSource;
import io.cablecluster.gateway.identity.jwks.JwksKeys;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Builds the JWT identification the options ask for: HS* tokens with {@code jwt_secret} (AnyCable's), RS256/ES256
 * tokens with the keys of {@code jwt_jwks_url}, or both, each algorithm family to its own verifier.
 */
public final class JwtIdentification {
  private static final Logger LOG = Logger.getLogger(JwtIdentification.class.getName());

  private JwtIdentification() {
  }

  public static boolean enabled(GatewayConfig config, IdentityProviderConfig provider) {
    return config.jwtEnabled() || provider.jwksEnabled();
  }

  /** Only when {@link #enabled}. */
  public static TokenIdentifier identifier(Vertx vertx, GatewayConfig config, IdentityProviderConfig provider,
                                           CableMetrics metrics) {
    TokenIdentifier hmac = config.jwtEnabled() ? new JwtIdentifier(vertx, config.jwtSecret()) : null;
    if (!provider.jwksEnabled()) {
      return hmac;
    }
    TokenIdentifier jwks = jwks(vertx, provider, metrics);
    return hmac == null ? jwks : TokenIdentifier.byAlgorithm(hmac, jwks);
  }

  private static TokenIdentifier jwks(Vertx vertx, IdentityProviderConfig provider, CableMetrics metrics) {
    Counter fetchErrors = metrics.counter(MetricNames.JWKS_FETCH_ERRORS_TOTAL);
    RateLimitedLog log = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
    if (provider.audience() == null) {
      LOG.warning("jwt_jwks_url is set without jwt_audience: tokens the provider issued for other applications"
          + " are accepted too");
    }
    JwksKeys keys = new JwksKeys(new HttpJwksSource(vertx, provider.jwksUrl(), provider.timeoutMs()),
        System::nanoTime, TimeUnit.SECONDS.toNanos(provider.refreshIntervalSeconds()),
        TimeUnit.SECONDS.toNanos(provider.ttlSeconds()), error -> {
          fetchErrors.increment();
          // The reason only: no stack trace for a provider's bad answer, never a token.
          log.log(n -> "JWKS fetch from " + provider.jwksUrl() + " failed (" + n + " since the last line): "
              + error.getMessage() + "; the previous keys stay in use");
        });
    JwksIdentifier.Offload workers = new JwksIdentifier.Offload() {
      @Override
      public <T> Future<T> run(Callable<T> work) {
        return vertx.executeBlocking(work, false);
      }
    };
    return new JwksIdentifier(keys, provider.issuer(), provider.audience(), provider.identifiersClaims(),
        () -> System.currentTimeMillis() / 1000, workers);
  }
}
