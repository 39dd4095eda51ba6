package io.cablecluster.gateway.controller;

import java.util.Map;

/**
 * A channel command of an identified connection: {@code cstate} and {@code istate} are read-only
 * snapshots of the connection's and the subscription's state (empty when there is none).
 */
public record ChannelRequest(String sid, String identifiers, String identifier, RequestEnv env,
                             Map<String, String> cstate, Map<String, String> istate) {
}
