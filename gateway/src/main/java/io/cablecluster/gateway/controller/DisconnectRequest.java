package io.cablecluster.gateway.controller;

import java.util.Map;

/**
 * A closed connection's final state for the Disconnect call: {@code istates} maps every subscription's
 * identifier to its channel state, in subscription order.
 */
public record DisconnectRequest(String sid, String identifiers, RequestEnv env, Map<String, String> cstate,
                                Map<String, Map<String, String>> istates) {
}
