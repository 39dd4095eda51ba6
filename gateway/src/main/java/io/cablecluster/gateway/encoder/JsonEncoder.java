package io.cablecluster.gateway.encoder;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** {@code actioncable-v1-json} and {@code actioncable-v1-ext-json}: text frames of JSON. */
public final class JsonEncoder implements Encoder {
  public static final JsonEncoder INSTANCE = new JsonEncoder();

  private JsonEncoder() {
  }

  @Override
  public String id() {
    return "json";
  }

  @Override
  public WireFrame encode(String json) {
    return WireFrame.text(json);
  }

  @Override
  public WireFrame data(String identifier, String messageJson, Broadcast broadcast) {
    return WireFrame.text(Frames.data(identifier, messageJson, broadcast));
  }

  @Override
  public ClientCommand decode(String text) throws ClientCommand.InvalidCommand {
    return ClientCommand.parse(text);
  }

  /** A binary frame holding JSON is a command, as in AnyCable-Go; its bytes must be strict UTF-8. */
  @Override
  public ClientCommand decode(Buffer binary) throws ClientCommand.InvalidCommand {
    try {
      return ClientCommand.parse(StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(binary.getBytes())).toString());
    } catch (CharacterCodingException e) {
      throw new ClientCommand.InvalidCommand("binary frame is not UTF-8 JSON");
    }
  }
}
