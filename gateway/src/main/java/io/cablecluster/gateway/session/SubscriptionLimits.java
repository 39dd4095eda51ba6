package io.cablecluster.gateway.session;

import io.cablecluster.gateway.config.GatewayConfig;
import java.nio.charset.StandardCharsets;

/**
 * The per-connection bounds on channel identifiers ({@code max_identifier_size}, UTF-8 bytes) and on
 * subscriptions ({@code max_subscriptions}); 0 turns a bound off. Without them one socket held 119 MB of
 * identifiers, and each broadcast built a frame per identifier.
 */
final class SubscriptionLimits {
  private SubscriptionLimits() {
  }

  /** Why the identifier is refused, or null when it fits. */
  static String identifierOverLimit(GatewayConfig config, String identifier) {
    int max = config.maxIdentifierSize();
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit: short identifiers are never measured.
    if (max == 0 || identifier.length() * 3L <= max) {
      return null;
    }
    int bytes = identifier.getBytes(StandardCharsets.UTF_8).length;
    return bytes <= max ? null : "identifier of " + bytes + " bytes over max_identifier_size (" + max + ")";
  }

  /** Why one more subscription is refused, or null when there is room. */
  static String subscriptionsOverLimit(GatewayConfig config, Subscriptions subscriptions) {
    int max = config.maxSubscriptions();
    return max == 0 || subscriptions.size() < max ? null
        : "already " + subscriptions.size() + " subscriptions, max_subscriptions is " + max;
  }
}
