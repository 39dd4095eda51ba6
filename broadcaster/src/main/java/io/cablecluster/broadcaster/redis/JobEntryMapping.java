package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backend streams (design:jobs…): an entry with {@code stream} and {@code data} fields is broadcast as is
 * ({@code meta}, when present, is AnyCable's meta object as JSON); any other entry goes to the stream the
 * first matching {@link TargetRule} names, with all its fields as a JSON object for data.
 */
final class JobEntryMapping implements EntryMapping {
  private final List<TargetRule> rules;

  JobEntryMapping(List<TargetRule> rules) {
    this.rules = rules;
  }

  @Override
  public List<BusMessage> map(StreamEntry entry) {
    Map<String, String> fields = entry.fields();
    if (fields == null || fields.isEmpty()) {
      throw new EntryMapping.Unfit("entry has no fields (deleted while pending?)");
    }
    String stream = fields.get("stream");
    String data = fields.get("data");
    if (stream != null && !stream.isEmpty() && data != null) {
      JsonObject json = new JsonObject().put("stream", stream).put("data", data);
      String meta = fields.get("meta");
      if (meta != null && !meta.isEmpty()) {
        try {
          json.put("meta", new JsonObject(meta));
        } catch (DecodeException | ClassCastException e) {
          throw new EntryMapping.Unfit("field meta is not a JSON object");
        }
      }
      return List.of(Broadcast.fromJson(json));
    }
    for (TargetRule rule : rules) {
      if (rule.keys().matches(entry.key())) {
        String target = rule.render(entry.key(), fields);
        if (target == null) {
          throw new EntryMapping.Unfit("template " + rule.template() + " needs a field the entry lacks");
        }
        return List.of(Broadcast.of(target, new JsonObject(new LinkedHashMap<String, Object>(fields)).encode()));
      }
    }
    throw new EntryMapping.Unfit("no target rule matches key " + entry.key());
  }
}
