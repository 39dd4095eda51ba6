package io.cablecluster.core.status;

/**
 * A role's part of its node's status snapshot (the {@code /_status} page): connections, streams, Redis ingest.
 * A role that implements it is asked on every snapshot, so core shows what the gateway or broadcaster knows
 * without knowing either.
 */
@FunctionalInterface
public interface StatusContributor {

  /**
   * Adds this role's figures. Runs on an event loop (at most twice a second per node): it must not block and
   * should only read counters and indexes the role keeps anyway; {@link StatusSnapshot} bounds what it keeps.
   */
  void contribute(StatusSnapshot snapshot);
}
