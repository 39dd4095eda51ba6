package io.cablecluster.cluster.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.streams.HistoryLimits;
import io.cablecluster.core.streams.StreamPosition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What travels to a stream's home and back reads back equal, through Hazelcast's own serialization service. */
class StreamCodecsTest {
  private final SerializationService service = service();

  private static SerializationService service() {
    SerializationConfig config = new SerializationConfig();
    StreamCodecs.register(config);
    return new DefaultSerializationServiceBuilder().setConfig(config).build();
  }

  private Object roundTrip(Object value) {
    Data data = service.toData(value);
    return service.toObject(data);
  }

  @Test
  @DisplayName("Verifies that every home operation and answer reads back equal, nulls included")
  void everyOperationReadsBackEqual() {
    Broadcast full = new Broadcast("chat/1", "{\"n\":1}", "sid-1", true, "turbo", "e1", 42);
    Broadcast bare = Broadcast.of("chat", "x");
    HistoryLimits limits = new HistoryLimits(100, 300_000, 1 << 20);
    List<Object> values = List.of(full, bare, new StreamPosition("e1", 7), limits,
        new Appends.Append(full, "m-1", "e2", 123L, limits, 10_000),
        new Appends.Append(bare, null, "e3", 1L, limits, 0),
        new Appends.Routed(new StreamPosition("e1", 8), new ArrayList<>(List.of("n1", "n2"))),
        new Appends.Routed(null, null),
        new Appends.Follow("node-a", 99, true, "e4", 300_000), new Appends.Follow("node-a", 100, false, "e5", 1),
        new Appends.Position(), new Appends.After("e1", 3, 17), new Appends.Since(1000, 2000),
        new Appends.Answer(new ArrayList<>(List.of(full, bare)), false), new Appends.Answer(null, true),
        new Appends.Forget("node-b"));
    for (Object value : values) {
      assertEquals(value, roundTrip(value), value.getClass().getSimpleName());
    }
  }

  @Test
  @DisplayName("Verifies that a follow is written field by field, not with Java serialization's class description")
  void aFollowIsCompact() {
    int size = service.toData(new Appends.Follow("node-a", 99, true, "e4", 300_000)).totalSize();
    assertTrue(size < 80, "a follow took " + size + " bytes");
  }
}
