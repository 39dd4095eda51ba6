package io.cablecluster.core.streams;

import java.io.Serializable;

/** How much of a stream is kept: messages, age and characters (see {@link StreamRecord#sizeOf}). */
public record HistoryLimits(int limit, long ttlMillis, long maxBytesPerStream) implements Serializable {
  private static final long serialVersionUID = 1L;
}
