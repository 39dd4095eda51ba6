package io.cablecluster.core.presence;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Where presence lives: this node's memory, or each stream's home in the cluster. Join and leave answer the
 * event to broadcast (null: none); expired leases are swept by the store, which hands their leave events to
 * the node's publisher. Every call completes on the caller's context.
 */
public interface PresenceStore {

  /** Starts sweeping expired leases; {@code leaves} gets (stream, leave event JSON) for each id that is gone. */
  Future<Void> start(BiConsumer<String, String> leaves);

  Future<Void> stop();

  /** False where presence is not kept (no broker): clients get a presence error. */
  boolean supported();

  Future<String> join(String stream, String sid, String pid, String info);

  Future<String> leave(String stream, String sid);

  /** Renews the session leases on a stream (sessions still open). */
  Future<Void> touch(String stream, List<String> sids);

  /** The presence answer's message for a stream. */
  Future<String> info(String stream, boolean withRecords);
}
