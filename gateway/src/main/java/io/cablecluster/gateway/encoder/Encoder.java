package io.cablecluster.gateway.encoder;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.vertx.core.buffer.Buffer;

/**
 * How one connection's messages look on the wire, both ways (AnyCable-Go's {@code encoders.Encoder}).
 * Server messages are described as Action Cable JSON text (the protocol's own form, and what RPC
 * transmissions already are); an encoder turns them into wire-ready frames, and client frames into
 * commands. Instances are stateless and shared: the fan-out caches frames per (encoder, identifier).
 */
public interface Encoder {

  /** Short name of the encoding, e.g. {@code json}; also the key of the per-broadcast frame cache. */
  String id();

  /** A server message given as Action Cable JSON (protocol frames, RPC transmissions). */
  WireFrame encode(String json);

  /** The data frame of a broadcast for one identifier; {@code messageJson} is the message as JSON text. */
  WireFrame data(String identifier, String messageJson, Broadcast broadcast);

  /**
   * A client's text frame as a command. As in AnyCable-Go (gorilla's {@code ReadMessage} hands either
   * frame type to the encoder), the frame type does not choose the decoding: the connection's encoding does.
   */
  ClientCommand decode(String text) throws ClientCommand.InvalidCommand;

  /** A client's binary frame as a command (see {@link #decode(String)}). */
  ClientCommand decode(Buffer binary) throws ClientCommand.InvalidCommand;
}
