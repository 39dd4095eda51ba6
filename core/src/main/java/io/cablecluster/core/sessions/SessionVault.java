package io.cablecluster.core.sessions;

import io.vertx.core.Future;

/**
 * Where extended-protocol sessions are kept for a restore (AnyCable-Go's session cache): this node's memory,
 * or the cluster, so a client whose node died resumes its session on any other. A snapshot is kept on every
 * change of the session and lives {@code sessions_ttl} after the last keep or touch. Snapshots are opaque
 * text here; every call completes on the caller's context.
 */
public interface SessionVault {

  Future<Void> start();

  Future<Void> stop();

  /** Keeps (or replaces) a session's snapshot; one over {@code sessions_max_bytes} is not kept. */
  Future<Void> keep(String sid, String snapshot);

  /** The session is still alive: its snapshot lives another {@code sessions_ttl}. */
  Future<Void> touch(String sid);

  /** The kept snapshot, removed so a session restores at most once; null when unknown or expired. */
  Future<String> take(String sid);
}
