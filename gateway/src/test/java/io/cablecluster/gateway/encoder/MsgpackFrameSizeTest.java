package io.cablecluster.gateway.encoder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.channels.SignedStreams;
import io.cablecluster.gateway.protocol.JsonText;
import io.vertx.core.json.Json;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bytes per delivered data frame for the same broadcast in both encodings (the figures in README.md):
 * the payload of one WebSocket frame, as every subscriber of that identifier receives it.
 */
class MsgpackFrameSizeTest {
  private static final String CHAT_ID = "{\"channel\":\"ChatChannel\",\"room_id\":\"42\"}";
  private static final String TURBO_ID = "{\"channel\":\"Turbo::StreamsChannel\",\"signed_stream_name\":"
      + Json.encode(SignedStreams.sign("Z2lkOi8vYXBwL1Jvb20vNDI:messages", "s3cr3t")) + "}";
  private static final String CHAT = "{\"id\":1042,\"user\":{\"id\":7,\"name\":\"Ann\"},"
      + "\"body\":\"Hello, how are you today?\",\"created_at\":\"2026-11-29T21:00:00Z\"}";
  private static final String CURSOR = "{\"type\":\"cursor\",\"x\":412,\"y\":88,\"user_id\":7}";
  private static final String TURBO = Json.encode("<turbo-stream action=\"append\" target=\"messages\"><template>"
      + "<div id=\"message_1042\" class=\"message\"><p class=\"author\">Ann</p><p class=\"body\">Hello, how are you"
      + " today?</p><time datetime=\"2026-11-29T21:00:00Z\">21:00</time></div></template></turbo-stream>");

  private static int[] sizes(String identifier, Broadcast broadcast) {
    String message = JsonText.message(broadcast.data());
    return new int[] {JsonEncoder.INSTANCE.data(identifier, message, broadcast).length(),
        MsgpackEncoder.INSTANCE.data(identifier, message, broadcast).length()};
  }

  private static String row(String what, int[] sizes) {
    return String.format(Locale.ROOT, "| %s | %d | %d | %.2f |", what, sizes[0], sizes[1], (double) sizes[1] / sizes[0]);
  }

  @Test
  @DisplayName("Verifies that msgpack frames are no bigger than JSON ones for chat, cursor and Turbo Stream broadcasts, and prints the figures")
  void msgpackFramesAreNoBiggerThanJson() {
    String[] names = {"chat message", "cursor (numbers)", "Turbo Stream HTML"};
    String[] ids = {CHAT_ID, CHAT_ID, TURBO_ID};
    String[] data = {CHAT, CURSOR, TURBO};
    StringBuilder table = new StringBuilder("| broadcast | JSON bytes | msgpack bytes | ratio |\n|---|---|---|---|\n");
    for (int i = 0; i < names.length; i++) {
      Broadcast plain = Broadcast.of("chat/42", data[i]);
      int[] bare = sizes(ids[i], plain);
      int[] positioned = sizes(ids[i], plain.withPosition("a1b2", 1234));
      table.append(row(names[i], bare)).append('\n')
          .append(row(names[i] + ", with stream position", positioned)).append('\n');
      assertTrue(bare[1] <= bare[0] && positioned[1] <= positioned[0], names[i] + ": " + table);
    }
    System.out.println(table);
  }
}
