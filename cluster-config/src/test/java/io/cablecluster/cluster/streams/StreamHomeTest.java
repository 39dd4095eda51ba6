package io.cablecluster.cluster.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which nodes a stream's home routes to. */
class StreamHomeTest {
  private static final long WINDOW = 10_000;
  private final StreamHome home = new StreamHome("ep");

  @Test
  @DisplayName("Verifies that a home routes to every node until a window after its first append, then to its followers only")
  void routesEverywhereUntilTheWindowCloses() {
    home.follow("a", 1, true);
    assertNull(home.route(0), "no append yet: followers may be missing, so every node");
    home.appended(1_000, WINDOW);
    assertNull(home.route(1_000 + WINDOW - 1));
    assertEquals(List.of("a"), home.route(1_000 + WINDOW));
  }

  @Test
  @DisplayName("Verifies that a late or re-run follow never undoes a newer unfollow of the same node, and the reverse")
  void newerOperationsWin() {
    home.appended(0, WINDOW);
    assertTrue(home.follow("a", 5, true));
    assertTrue(home.follow("a", 6, false));
    assertFalse(home.follow("a", 5, true), "a re-run of the older follow");
    assertEquals(List.of(), home.route(WINDOW));
    assertFalse(home.followed());
    assertTrue(home.follow("a", 7, true));
    assertEquals(List.of("a"), home.route(WINDOW));
  }

  @Test
  @DisplayName("Verifies that a departed member is forgotten")
  void departedMembersAreForgotten() {
    home.appended(0, WINDOW);
    home.follow("a", 1, true);
    home.follow("b", 1, true);
    assertTrue(home.forget("b"));
    assertEquals(List.of("a"), home.route(WINDOW));
    assertFalse(home.forget("b"));
  }
}
