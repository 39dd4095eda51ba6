package io.cablecluster.gateway.streams;

import io.cablecluster.gateway.encoder.Encoder;

/** Subscribers that receive the same bytes for a broadcast: one encoding, one identifier. */
record FrameKey(Encoder encoder, String identifier) {
}
