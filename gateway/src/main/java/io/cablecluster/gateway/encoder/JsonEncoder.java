package io.cablecluster.gateway.encoder;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.cablecluster.gateway.protocol.Frames;
import io.vertx.core.buffer.Buffer;

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

  @Override
  public ClientCommand decode(Buffer binary) throws ClientCommand.InvalidCommand {
    throw new ClientCommand.InvalidCommand("binary frame (only actioncable-v1-json text frames are supported)");
  }

  @Override
  public boolean binaryFrames() {
    return false;
  }
}
