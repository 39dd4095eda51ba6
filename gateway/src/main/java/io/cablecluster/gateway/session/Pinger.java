package io.cablecluster.gateway.session;

import io.cablecluster.gateway.protocol.Frames;

/**
 * A connection's keepalive: its ping interval (-1: the node's shared ticker, 0: none, n: its own timer
 * every n seconds), the timestamp precision, and the pong deadline of extended-protocol clients.
 */
public final class Pinger {
  /** Per-connection settings from the {@code pi} and {@code ptp} query parameters. */
  public record Settings(int intervalSeconds, String precision) {
  }

  private final Session session;
  private final Settings settings;
  private long lastReceivedNanos = System.nanoTime();
  private long ownTimer = -1;

  Pinger(Session session, Settings settings) {
    this.session = session;
    this.settings = settings;
  }

  int interval() {
    return settings.intervalSeconds();
  }

  void received() {
    lastReceivedNanos = System.nanoTime();
  }

  void startOwnTimer() {
    ownTimer = session.gateway().vertx().setPeriodic(settings.intervalSeconds() * 1000L,
        id -> session.ping(session.encoder().encode(Frames.ping(timestamp(settings.precision())))));
  }

  void stop() {
    if (ownTimer >= 0) {
      session.gateway().vertx().cancelTimer(ownTimer);
    }
  }

  /** After a ping: an extended-protocol client that sends nothing before the pong timeout is cut off. */
  void expectPong() {
    int pongTimeout = session.gateway().config().pongTimeoutSeconds();
    if (session.extended() && pongTimeout > 0) {
      long sentAt = System.nanoTime();
      session.gateway().vertx().setTimer(pongTimeout * 1000L, id -> {
        if (session.state() == Session.State.OPEN && lastReceivedNanos - sentAt < 0) {
          session.disconnect("no_pong", true);
        }
      });
    }
  }

  /** A ping timestamp in the given precision (s, ms or ns). */
  static long timestamp(String precision) {
    long millis = System.currentTimeMillis();
    switch (precision) {
      case "ms":
        return millis;
      case "ns":
        return millis * 1_000_000L;
      default:
        return millis / 1000L;
    }
  }
}
