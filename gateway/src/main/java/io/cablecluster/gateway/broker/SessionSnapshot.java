package io.cablecluster.gateway.broker;

import java.util.List;
import java.util.Map;

/** What survives a closed session: enough to serve its client again without a Connect call. */
public record SessionSnapshot(String identifiers, Map<String, String> cstate, List<SubscriptionSnapshot> subscriptions,
                              boolean disconnectInterest) {

  public record SubscriptionSnapshot(String identifier, List<String> streams, Map<String, String> istate) {
  }
}
