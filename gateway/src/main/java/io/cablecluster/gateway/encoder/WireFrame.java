package io.cablecluster.gateway.encoder;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;

/**
 * One server message, encoded once and written as is to every socket that receives it. The bytes live in
 * one reference-counted Netty buffer; each write takes its own slice of it (shared content, own indices),
 * wrapped so that the transport's release after the write cannot free the shared bytes.
 */
public final class WireFrame {
  private final Buffer bytes;
  private final boolean binary;

  private WireFrame(Buffer bytes, boolean binary) {
    this.bytes = bytes;
    this.binary = binary;
  }

  /** A text frame: the UTF-8 bytes of the text, encoded once here. */
  public static WireFrame text(String text) {
    return new WireFrame(Buffer.buffer(text), false);
  }

  public static WireFrame binary(Buffer bytes) {
    return new WireFrame(bytes, true);
  }

  public boolean isBinary() {
    return binary;
  }

  /** Payload size in bytes. */
  public int length() {
    return bytes.length();
  }

  /** A WebSocket frame for one write; cheap (a slice), the payload is not copied. */
  public WebSocketFrame toWebSocketFrame() {
    ByteBuf slice = ((BufferInternal) bytes).getByteBuf();
    return new WebSocketFrameImpl(binary ? WebSocketFrameType.BINARY : WebSocketFrameType.TEXT, slice, true);
  }

  /** The payload as a Vert.x buffer (shared, do not modify). */
  public Buffer payload() {
    return bytes;
  }

  /** The payload decoded as UTF-8: for tests and logs, not for the write path. */
  @Override
  public String toString() {
    return bytes.toString();
  }
}
