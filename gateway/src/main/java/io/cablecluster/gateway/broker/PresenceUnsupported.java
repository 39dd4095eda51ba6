package io.cablecluster.gateway.broker;

/** The broker keeps no presence: clients get a presence error. */
public final class PresenceUnsupported extends RuntimeException {
  public PresenceUnsupported() {
    super("presence is not supported by this broker", null, false, false);
  }
}
