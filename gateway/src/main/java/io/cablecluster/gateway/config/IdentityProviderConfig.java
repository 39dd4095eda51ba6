package io.cablecluster.gateway.config;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokens from an identity provider: RS256/ES256 JWTs verified with the keys an HTTP(S) JWKS URL publishes,
 * checked for issuer and audience, identified by their {@code ext} claim or by claims mapped to identifiers;
 * and the opt-in {@code Authorization: Bearer} token source (which applies to every JWT, HS256 ones too).
 * AnyCable-Go has none of these options (it verifies HS* tokens only), so the names are ours, in its
 * {@code jwt_} family.
 *
 * @param jwksUrl            null when no JWKS is configured
 * @param identifiersClaims  connection identifier name → claim name, in the configured order
 */
public record IdentityProviderConfig(String jwksUrl, int refreshIntervalSeconds, int ttlSeconds, int timeoutMs,
                                     String audience, String issuer, Map<String, String> identifiersClaims,
                                     boolean bearerHeader) {

  public static final Option<String> JWT_JWKS_URL = Option.string("jwt_jwks_url", "",
      "http(s) URL of the identity provider's JWKS; RS256/ES256 tokens are verified with its keys");
  /** 30 s, as common JOSE libraries' cool-down: a flood of made-up kids costs the provider two fetches a minute. */
  public static final Option<Integer> JWT_JWKS_REFRESH_INTERVAL = Option.integer("jwt_jwks_refresh_interval", 30, 0,
      86_400, "least seconds between two JWKS fetches (an unknown kid triggers one); 0 = no limit");
  public static final Option<Integer> JWT_JWKS_TTL = Option.integer("jwt_jwks_ttl", 600, 1, 604_800,
      "seconds fetched keys are trusted before the set is fetched again (keys removed there stop verifying)");
  /** rpc_request_timeout's default: a connection waits for the keys no longer than for a Connect RPC. */
  public static final Option<Integer> JWT_JWKS_TIMEOUT = Option.integer("jwt_jwks_timeout", 3000, 1, 600_000,
      "one JWKS fetch in all (connect, headers, body), milliseconds");
  public static final Option<String> JWT_AUDIENCE = Option.string("jwt_audience", "",
      "required aud of tokens verified with JWKS keys (a string or an array containing it)");
  public static final Option<String> JWT_ISSUER = Option.string("jwt_issuer", "",
      "required iss of tokens verified with JWKS keys");
  public static final Option<List<String>> JWT_IDENTIFIERS_CLAIMS = Option.list("jwt_identifiers_claims", List.of(),
      "identifier:claim pairs building the identifiers of a JWKS-verified token without an ext claim");
  public static final Option<Boolean> JWT_BEARER_HEADER = Option.bool("jwt_bearer_header", false,
      "also read the JWT from an Authorization: Bearer header (after X-<jwt_param> and the subprotocol)");

  public static IdentityProviderConfig from(Settings s) {
    String url = JWT_JWKS_URL.read(s).trim();
    if (!url.isEmpty() && !url.startsWith("http://") && !url.startsWith("https://")) {
      throw ConfigException.invalid(JWT_JWKS_URL.name(), url, "an http:// or https:// URL");
    }
    return new IdentityProviderConfig(url.isEmpty() ? null : url, JWT_JWKS_REFRESH_INTERVAL.read(s),
        JWT_JWKS_TTL.read(s), JWT_JWKS_TIMEOUT.read(s), blankToNull(JWT_AUDIENCE.read(s)),
        blankToNull(JWT_ISSUER.read(s)), claims(JWT_IDENTIFIERS_CLAIMS.read(s)), JWT_BEARER_HEADER.read(s));
  }

  public boolean jwksEnabled() {
    return jwksUrl != null;
  }

  private static Map<String, String> claims(List<String> pairs) {
    Map<String, String> claims = new LinkedHashMap<>();
    for (String pair : pairs) {
      int colon = pair.indexOf(':');
      String identifier = colon < 0 ? "" : pair.substring(0, colon).trim();
      String claim = colon < 0 ? "" : pair.substring(colon + 1).trim();
      if (identifier.isEmpty() || claim.isEmpty() || claims.put(identifier, claim) != null) {
        throw ConfigException.invalid(JWT_IDENTIFIERS_CLAIMS.name(), String.join(",", pairs),
            "a comma list of distinct identifier:claim pairs, e.g. user:sub,org:org_id");
      }
    }
    return Collections.unmodifiableMap(claims);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
