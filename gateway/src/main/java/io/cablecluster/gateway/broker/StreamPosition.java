package io.cablecluster.gateway.broker;

/** A point in a stream: the epoch that numbered it and the offset within that epoch. */
public record StreamPosition(String epoch, long offset) {
}
