package io.cablecluster.core.presence;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who is present on one stream (AnyCable-Go's presence): one record per presence id, however many sessions
 * share it. A session's share is a lease: it lives until its deadline and is renewed while the session is
 * open, so the sessions of a dead node leave by themselves, and a client that moves to another node within
 * the TTL (and joins again there) causes no leave and join. Deterministic in its arguments (times come from
 * the caller), so a cluster backup that re-runs an operation ends in the same state.
 */
public final class PresenceSet implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final class Record implements Serializable {
    private static final long serialVersionUID = 1L;
    String info;
    final Set<String> sessions = new LinkedHashSet<>();
  }

  /** Presence id → record, in join order. */
  private final Map<String, Record> records = new LinkedHashMap<>();
  /** Session → its presence id and lease deadline. */
  private final Map<String, String> pidOf = new HashMap<>();
  private final Map<String, Long> deadlines = new HashMap<>();

  /**
   * A session joins as {@code pid} with {@code info} (JSON text). Answers the join event (JSON text) when the
   * id is new on the stream, null otherwise (the info is updated). Fails when the session is present under
   * another id, as AnyCable-Go does.
   */
  public synchronized String join(String sid, String pid, String info, long deadlineMillis, int maxRecords) {
    return join(sid, pid, info, deadlineMillis, maxRecords, Integer.MAX_VALUE);
  }

  /** As above, refusing info over {@code maxInfo} characters (the bound {@code presence_max_info_bytes}). */
  public synchronized String join(String sid, String pid, String info, long deadlineMillis, int maxRecords,
                                  int maxInfo) {
    if (info != null && info.length() > maxInfo) {
      throw new IllegalArgumentException("presence info too large");
    }
    String current = pidOf.get(sid);
    if (current != null && !current.equals(pid)) {
      throw new IllegalArgumentException("presence id mismatch");
    }
    if (!records.containsKey(pid) && records.size() >= maxRecords) {
      throw new IllegalArgumentException("presence records limit reached");
    }
    pidOf.put(sid, pid);
    deadlines.put(sid, deadlineMillis);
    Record record = records.get(pid);
    boolean fresh = record == null;
    if (fresh) {
      record = new Record();
      records.put(pid, record);
    }
    record.sessions.add(sid);
    record.info = info;
    return fresh ? event("join", pid, info) : null;
  }

  /** A session leaves; answers the leave event when it was its id's last session, null otherwise. */
  public synchronized String leave(String sid) {
    String pid = pidOf.remove(sid);
    deadlines.remove(sid);
    if (pid == null) {
      return null;
    }
    Record record = records.get(pid);
    if (record == null || !record.sessions.remove(sid) || !record.sessions.isEmpty()) {
      return null;
    }
    records.remove(pid);
    return event("leave", pid, null);
  }

  /** Renews the leases of the given sessions (those present here). */
  public synchronized boolean touch(List<String> sids, long deadlineMillis) {
    boolean any = false;
    for (String sid : sids) {
      if (deadlines.containsKey(sid)) {
        deadlines.put(sid, deadlineMillis);
        any = true;
      }
    }
    return any;
  }

  /** Ends the leases past their deadline; answers the leave events of the ids that are gone. */
  public synchronized List<String> expire(long nowMillis) {
    List<String> expired = new ArrayList<>();
    for (Iterator<Map.Entry<String, Long>> it = deadlines.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Long> lease = it.next();
      if (lease.getValue() < nowMillis) {
        expired.add(lease.getKey());
      }
    }
    List<String> events = new ArrayList<>();
    for (String sid : expired) {
      String event = leave(sid);
      if (event != null) {
        events.add(event);
      }
    }
    return events;
  }

  public synchronized boolean isEmpty() {
    return records.isEmpty();
  }

  /** The presence answer's message: {@code {"type":"info","total":n,"records":[{id,info}]}}. */
  public synchronized String info(boolean withRecords) {
    JsonObject info = new JsonObject().put("type", "info").put("total", records.size());
    if (withRecords) {
      JsonArray list = new JsonArray();
      records.forEach((pid, record) -> list.add(new JsonObject().put("id", pid).put("info", parse(record.info))));
      info.put("records", list);
    }
    return info.encode();
  }

  /** An empty stream's answer. */
  public static String emptyInfo(boolean withRecords) {
    return new PresenceSet().info(withRecords);
  }

  private static String event(String type, String pid, String info) {
    JsonObject event = new JsonObject().put("type", type).put("id", pid);
    if (info != null) {
      event.put("info", parse(info));
    }
    return event.encode();
  }

  /** Info is kept as JSON text; a plain string (RPC may send one) stays a string. */
  private static Object parse(String info) {
    if (info == null) {
      return null;
    }
    try {
      return io.vertx.core.json.Json.decodeValue(info);
    } catch (RuntimeException notJson) {
      return info;
    }
  }
}
