package io.cablecluster.gateway.encoder;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.websocket.WebSocketFrameImpl;
import java.nio.charset.StandardCharsets;

/**
 * One server message, encoded once and written as is to every socket that receives it. The payload bytes
 * are one immutable array shared by every write: each write wraps it in its own buffer (no copy, no
 * encoding; the transport only reads it), so the per-write path is Vert.x's own {@code writeTextMessage}
 * minus the per-socket UTF-8 encoding. Pre-framing (header and payload in one shared Netty buffer) is the
 * next step for the fan-out (the lean fan-out issue), behind this same type.
 */
public final class WireFrame {
  private final byte[] bytes;
  private final boolean binary;

  private WireFrame(byte[] bytes, boolean binary) {
    this.bytes = bytes;
    this.binary = binary;
  }

  /** A text frame: the UTF-8 bytes of the text, encoded once here. */
  public static WireFrame text(String text) {
    return new WireFrame(text.getBytes(StandardCharsets.UTF_8), false);
  }

  /** A binary frame of these bytes (owned by the frame from now on: never changed afterwards). */
  public static WireFrame binary(byte[] bytes) {
    return new WireFrame(bytes, true);
  }

  public boolean isBinary() {
    return binary;
  }

  /** Payload size in bytes. */
  public int length() {
    return bytes.length;
  }

  /** A WebSocket frame for one write; the payload is shared, not copied. */
  public WebSocketFrame toWebSocketFrame() {
    return new WebSocketFrameImpl(binary ? WebSocketFrameType.BINARY : WebSocketFrameType.TEXT, bytes, true);
  }

  /** The payload as a new Vert.x buffer (a copy: for the rare paths that need one). */
  public Buffer payload() {
    return Buffer.buffer(bytes);
  }

  /** The payload's bytes (a copy): for tests and measurements, not the fan-out path. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * The payload as a buffer over the shared bytes (no copy), for stream transports (SSE) that write it as
   * is; Netty only reads a written buffer.
   */
  public Buffer sharedBuffer() {
    return io.vertx.core.internal.buffer.BufferInternal.buffer(io.netty.buffer.Unpooled.wrappedBuffer(bytes));
  }

  /** The payload decoded as UTF-8: for tests, logs and oversized text frames, not the fan-out path. */
  @Override
  public String toString() {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
