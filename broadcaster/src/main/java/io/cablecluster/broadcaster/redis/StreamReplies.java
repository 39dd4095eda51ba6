package io.cablecluster.broadcaster.redis;

import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads XREADGROUP and XAUTOCLAIM replies (RESP2 arrays, or RESP3 maps) into entries. */
final class StreamReplies {
  private StreamReplies() {
  }

  /** XREADGROUP: null (timeout) or [[key, [[id, [f, v, …]], …]], …]. */
  static List<StreamEntry> read(Response reply) {
    List<StreamEntry> out = new ArrayList<>();
    if (reply == null) {
      return out;
    }
    if (reply.isMap()) {
      for (String key : reply.getKeys()) {
        entries(key, reply.get(key), out);
      }
      return out;
    }
    for (Response perKey : reply) {
      if (perKey != null && perKey.size() >= 2) {
        entries(perKey.get(0).toString(), perKey.get(1), out);
      }
    }
    return out;
  }

  /** XAUTOCLAIM: [next cursor, entries, deleted ids]; the cursor is "0-0" when the scan is complete. */
  record Claimed(String next, List<StreamEntry> entries) {
  }

  static Claimed claimed(String key, Response reply) {
    List<StreamEntry> out = new ArrayList<>();
    entries(key, reply.get(1), out);
    return new Claimed(reply.get(0).toString(), out);
  }

  private static void entries(String key, Response list, List<StreamEntry> out) {
    if (list == null) {
      return;
    }
    for (Response entry : list) {
      if (entry == null || entry.size() == 0) {
        continue;
      }
      String id = entry.get(0).toString();
      Response pairs = entry.size() > 1 ? entry.get(1) : null;
      out.add(new StreamEntry(key, id, pairs == null ? null : fields(pairs)));
    }
  }

  private static Map<String, String> fields(Response pairs) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (pairs.isMap()) {
      for (String name : pairs.getKeys()) {
        Response value = pairs.get(name);
        fields.put(name, value == null ? "" : value.toString());
      }
      return fields;
    }
    for (int i = 0; i + 1 < pairs.size(); i += 2) {
      Response value = pairs.get(i + 1);
      fields.put(pairs.get(i).toString(), value == null ? "" : value.toString());
    }
    return fields;
  }
}
