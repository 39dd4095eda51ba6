package io.cablecluster.broadcaster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisConfigTest {

  private static RedisConfig config(Map<String, String> flags) {
    return RedisConfig.from(Settings.of(flags), 8080);
  }

  @Test
  void theEmbeddedDefaultUsesNoRedis() {
    RedisConfig config = config(Map.of());
    assertFalse(config.enabled());
    assertTrue(config.http());
    assertFalse(config.pubsub());
    assertEquals(List.of(), config.streams());
  }

  @Test
  void aRedisUrlAloneTurnsOnPubSubAndTheJobStreamsLikeAnycablesDefaultAdapters() {
    RedisConfig config = config(Map.of("redis_url", "redis://127.0.0.1:6390/2"));
    assertTrue(config.enabled());
    assertTrue(config.http());
    assertTrue(config.pubsub());
    assertFalse(config.redisx());
    assertEquals("__anycable__", config.channel());
    assertEquals(List.of("design:jobs", "design:jobs:*"), config.streams());
    assertEquals("cable-cluster", config.streamsGroup());
    assertEquals(2, config.database());
  }

  @Test
  void redisStreamsNoneKeepsOnlyTheAdapters() {
    RedisConfig config = config(Map.of("redis_url", "redis://h:1", "redis_streams", "none",
        "broadcast_adapter", "redisx"));
    assertEquals(List.of(), config.streams());
    assertTrue(config.redisx());
    assertFalse(config.http(), "an explicit list without http turns the HTTP endpoint off");
    assertEquals("bx", config.redisxGroup());
  }

  @Test
  void invalidValuesSayWhatIsAccepted() {
    ConfigException adapter = assertThrows(ConfigException.class, () -> config(Map.of("broadcast_adapter", "nats")));
    assertTrue(adapter.getMessage().contains("http, redis, redisx"), adapter.getMessage());
    assertThrows(ConfigException.class, () -> config(Map.of("redis_url", "localhost:6379")));
    assertThrows(ConfigException.class, () -> config(Map.of("redis_streams_target", "nonsense")));
  }

  @Test
  void targetRulesRenderKeyAndFieldsAndRefuseMissingFields() {
    List<TargetRule> rules = TargetRule.parseAll(RedisConfig.DEFAULT_TARGETS);
    assertTrue(rules.get(0).keys().matches("design:jobs"));
    assertFalse(rules.get(0).keys().matches("design:jobs:1"));
    assertEquals("design:jobs:42", rules.get(0).render("design:jobs", Map.of("id", "42")));
    assertNull(rules.get(0).render("design:jobs", Map.of("status", "x")));
    assertEquals("design:jobs:42", rules.get(1).render("design:jobs:42", Map.of()));
  }

  @Test
  void globsMatchLikeRedisScan() {
    assertTrue(KeyPattern.isPattern("design:jobs:*"));
    assertFalse(KeyPattern.isPattern("design:jobs"));
    assertFalse(KeyPattern.isPattern("literal\\*star"));
    assertTrue(KeyPattern.of("job:?:[ab]").matches("job:1:a"));
    assertFalse(KeyPattern.of("job:?:[ab]").matches("job:12:a"));
    assertTrue(KeyPattern.of("job:[^x]").matches("job:y"));
    assertTrue(KeyPattern.of("a.b*").matches("a.bcd"));
    assertFalse(KeyPattern.of("a.b*").matches("axbcd"));
  }
}
