package io.cablecluster.cluster.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.HistoryLimits;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.core.streams.StreamRecord;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The streams and sessions maps as every member configures them, and the split-brain rule for streams. */
class StreamMapsConfigTest {
  private static final HistoryLimits LIMITS = new HistoryLimits(100, 60_000, 1 << 20);

  @Test
  @DisplayName("Verifies that the streams map keeps objects with one synchronous backup, bounded per member, merged by the stream rule; sessions have one synchronous backup")
  void mapsAreConfiguredForDurability() {
    Config hz = new Config();
    Settings settings = Settings.of(Map.of("history_max_streams", "500", "sessions_max", "700"));
    HazelcastStreamLog.configure(hz, StreamLogConfig.from(settings));
    HazelcastSessionVault.configure(hz, SessionsConfig.from(settings));
    MapConfig streams = hz.getMapConfig(HazelcastStreamLog.MAP);
    assertEquals(InMemoryFormat.OBJECT, streams.getInMemoryFormat());
    assertEquals(1, streams.getBackupCount());
    assertEquals(0, streams.getAsyncBackupCount());
    assertEquals(500, streams.getEvictionConfig().getSize());
    assertEquals(StreamMergePolicy.class.getName(), streams.getMergePolicyConfig().getPolicy());
    MapConfig sessions = hz.getMapConfig(HazelcastSessionVault.MAP);
    assertEquals(1, sessions.getBackupCount());
    assertEquals(700, sessions.getEvictionConfig().getSize());
  }

  @Test
  @DisplayName("Verifies that after a split brain a stream both halves changed restarts under a new epoch with no history, and one neither changed is kept")
  void divergedStreamsRestartUnderANewEpoch() {
    StreamRecord left = new StreamRecord("ep");
    StreamRecord right = new StreamRecord("ep");
    left.append(Broadcast.of("s", "1"), null, 1, LIMITS, "t1");
    right.append(Broadcast.of("s", "1"), null, 1, LIMITS, "t1");
    assertSame(left, StreamMergePolicy.resolve(left, right, "new"), "the same last append on both sides: nothing diverged");

    // Each half numbered one more message: the same position, different messages.
    left.append(Broadcast.of("s", "left"), null, 2, LIMITS, "t2");
    right.append(Broadcast.of("s", "right"), null, 2, LIMITS, "t3");
    StreamRecord merged = StreamMergePolicy.resolve(left, right, "new");
    assertEquals("new", merged.epoch());
    assertNotEquals(left.position(), merged.position());
    assertEquals(0, merged.position().offset());
  }
}
