package io.cablecluster.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptionTest {
  private static final Option<Integer> PORT = Option.integer("port", 8080, 0, 65535, "where to listen").env("PORT");
  private static final Option<String> JWT = Option.string("jwt_secret", "", "JWT key").formerly("jwt_id_key");

  @Test
  void readsLikeSettingsWithTheDeclaredDefault() {
    assertEquals(8080, PORT.read(Settings.of(Map.of())));
    assertEquals(8181, PORT.read(Settings.of(new String[0], Map.of("PORT", "8181"))));
    assertEquals(9000, PORT.read(Settings.of(new String[0], Map.of("ANYCABLE_PORT", "9000", "PORT", "8181"))));
    assertEquals(7000, PORT.read(Settings.of(Map.of()), 7000));
  }

  @Test
  void anInvalidValueNamesTheOption() {
    ConfigException e = assertThrows(ConfigException.class, () -> PORT.read(Settings.of(Map.of("port", "x"))));
    assertTrue(e.getMessage().contains("--port (env ANYCABLE_PORT): expected an integer from 0 to 65535"),
        e.getMessage());
    Option<String> mode = Option.choice("mode", "a", List.of("a", "b"), "doc");
    assertThrows(ConfigException.class, () -> mode.read(Settings.of(Map.of("mode", "c"))));
  }

  @Test
  void aFormerNameIsReadWhenTheCurrentOneIsBlankAndIsNeverAnUnknownFlag() {
    Settings both = Settings.of(new String[] {"--jwt_secret=new", "--jwt_id_key=old"}, Map.of());
    assertEquals("new", JWT.read(both));
    assertEquals(List.of(), both.unknownFlags());
    assertEquals("old", JWT.read(Settings.of(new String[0], Map.of("ANYCABLE_JWT_ID_KEY", "old"))));
    assertEquals("", JWT.read(Settings.of(Map.of())));
  }

  @Test
  void defaultsAreShownAsTheReadmeStatesThem() {
    assertEquals("8080", PORT.defaultText());
    assertEquals("—", JWT.defaultText());
    assertEquals("false", Option.bool("b", false, "doc").defaultText());
    assertEquals("a,b", Option.list("l", List.of("a", "b"), "doc").defaultText());
    assertEquals("cores", Option.integer("n", 1, 1, 2, "doc").defaultShownAs("cores").defaultText());
    assertEquals(List.of("jwt_secret", "jwt_id_key"), JWT.names());
  }

  @Test
  void declarationsAreFoundOnTheirOwner() {
    assertEquals(List.of(Holder.HOST), Options.declaredIn(Holder.class));
  }

  static final class Holder {
    public static final Option<String> HOST = Option.string("host", "localhost", "where to listen");
    static final String NOT_AN_OPTION = "x";
  }
}
