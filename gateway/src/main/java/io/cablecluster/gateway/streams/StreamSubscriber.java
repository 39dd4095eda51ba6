package io.cablecluster.gateway.streams;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.encoder.Encoder;
import io.cablecluster.gateway.encoder.WireFrame;
import io.vertx.core.Context;

/** A connection as the stream hub sees it. */
public interface StreamSubscriber {

  /**
   * The event loop the connection lives on (its own context, not a per-connection duplicate: subscribers
   * are grouped by it, one delivery task per event loop); deliveries run there.
   */
  Context context();

  /** Session id, for {@code exclude_socket}. */
  String sid();

  /** How the connection's frames are encoded; frames are built once per (encoder, identifier). */
  Encoder encoder();

  /**
   * Sends one prepared frame of a stream's broadcast to the subscription under {@code identifier}; always
   * called on {@link #context()}.
   */
  void deliver(WireFrame frame, String identifier, Broadcast broadcast);
}
