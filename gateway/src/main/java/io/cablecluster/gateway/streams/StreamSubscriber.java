package io.cablecluster.gateway.streams;

import io.vertx.core.Context;

/** A connection as the stream hub sees it. */
public interface StreamSubscriber {

  /** The event loop the connection lives on; deliveries run there. */
  Context context();

  /** Session id, for {@code exclude_socket}. */
  String sid();

  /** Sends one prepared frame; always called on {@link #context()}. */
  void deliver(String frame);
}
