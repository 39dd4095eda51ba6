package io.cablecluster.core.streams;

import java.io.Serializable;

/** A point in a stream: the epoch that numbered it and the offset within that epoch. */
public record StreamPosition(String epoch, long offset) implements Serializable {
  private static final long serialVersionUID = 1L;
}
