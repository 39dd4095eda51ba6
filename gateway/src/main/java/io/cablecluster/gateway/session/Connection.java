package io.cablecluster.gateway.session;

import io.cablecluster.gateway.encoder.WireFrame;
import io.vertx.core.MultiMap;

/**
 * The transport under a session (AnyCable-Go's {@code ws.Connection}): a WebSocket in production, a
 * fake in unit tests. Everything is called on the session's event loop.
 */
public interface Connection {

  /** Writes one frame; callers check {@link #isClosed()} and {@link #writeQueueFull()} first. */
  void write(WireFrame frame);

  boolean writeQueueFull();

  boolean isClosed();

  void close(short code, String reason);

  /** Stops reading client frames (the session's inbox is full) until {@link #resume()}. */
  void pause();

  void resume();

  /** The upgrade request's headers. */
  MultiMap headers();

  /** The upgrade request's raw query string, or null. */
  String query();
}
