package io.cablecluster.gateway.identity;

import io.vertx.core.Future;

/** Turns a JWT into one of the outcomes the protocol distinguishes; never fails the future, never logs the token. */
public interface TokenIdentifier {
  Future<JwtIdentifier.Outcome> identify(String token);

  /**
   * HS* tokens to {@code hmac}, any other algorithm to {@code jwks}: a JWKS key is never asked to verify an
   * HMAC token (so a public key can never serve as an HMAC secret), the HMAC secret never verifies RS/ES.
   */
  static TokenIdentifier byAlgorithm(TokenIdentifier hmac, TokenIdentifier jwks) {
    return token -> {
      String alg = TokenParts.algorithm(token);
      return (alg == null || alg.startsWith("HS") ? hmac : jwks).identify(token);
    };
  }
}
