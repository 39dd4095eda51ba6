package io.cablecluster.gateway.controller;

import io.vertx.core.MultiMap;

/**
 * A new connection asking to be identified: its sid, protocol flavour, what the backend sees of the
 * upgrade request ({@code env}), and the raw request headers and query for token lookups.
 */
public record ConnectRequest(String sid, boolean extended, RequestEnv env, MultiMap headers, String query) {
}
