package io.cablecluster.gateway.streams;

import io.cablecluster.gateway.encoder.Encoder;

/**
 * Subscribers that receive the same bytes for a broadcast: one encoding, one identifier. Equality is
 * written out: a record's generated equals and hashCode go through method handles, which the node's
 * C1-only JIT does not inline, and these run on every broadcast.
 */
record FrameKey(Encoder encoder, String identifier) {

  @Override
  public boolean equals(Object other) {
    return other instanceof FrameKey key && key.encoder == encoder && key.identifier.equals(identifier);
  }

  @Override
  public int hashCode() {
    return 31 * System.identityHashCode(encoder) + identifier.hashCode();
  }
}
