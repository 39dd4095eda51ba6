package io.cablecluster.broadcaster.redis;

import java.util.Map;

/**
 * One entry read from a Redis stream. {@code fields} keeps the entry's order; it is null when the entry
 * was deleted while still pending (Redis then returns the id without fields).
 */
public record StreamEntry(String key, String id, Map<String, String> fields) {
}
