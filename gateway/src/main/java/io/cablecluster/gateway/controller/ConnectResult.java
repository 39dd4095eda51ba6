package io.cablecluster.gateway.controller;

import java.util.List;
import java.util.Map;

/**
 * How identification ended. SUCCESS: welcome with the transmissions; FAILURE: send them and close
 * normally; ERROR: send them and close with 1011. {@code cstate} is the connection state to start with;
 * {@code disconnectInterest} says the backend wants a Disconnect call when the connection closes.
 */
public record ConnectResult(Status status, String identifiers, List<String> transmissions,
                            Map<String, String> cstate, boolean disconnectInterest) {

  public static ConnectResult welcome(String identifiers, List<String> transmissions) {
    return new ConnectResult(Status.SUCCESS, identifiers, transmissions, Map.of(), false);
  }

  public static ConnectResult refused(List<String> transmissions) {
    return new ConnectResult(Status.FAILURE, null, transmissions, Map.of(), false);
  }

  public static ConnectResult error(List<String> transmissions) {
    return new ConnectResult(Status.ERROR, null, transmissions, Map.of(), false);
  }
}
