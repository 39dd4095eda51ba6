package io.cablecluster.node.hostile;

import io.cablecluster.testkit.SilentClient;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A WebSocket client over a plain socket that writes frames exactly as told (fragments, reserved bits,
 * unmasked, compressed with permessage-deflate, pings) and reads only when asked, so it can also be the
 * client that never reads. Small on purpose: just what the frame-layer hostile tests need.
 */
final class RawWebSocket implements AutoCloseable {
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CONTINUATION = 0x0;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;
  static final int FIN = 0x80;
  static final int RSV1 = 0x40;

  /** A frame from the server; a compressed text message's payload is already inflated. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** A close frame's status code, or -1. */
    int closeCode() {
      return opcode == CLOSE && payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
    }

    String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }
  }

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final String extensions;
  private String protocol;
  private final Inflater inflater = new Inflater(true);
  private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);

  private RawWebSocket(Socket socket, DataInputStream in, String extensions) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = in;
    this.extensions = extensions;
  }

  /**
   * Upgrades {@code path} offering {@code actioncable-v1-json} and, when not null, {@code extensions}
   * (e.g. {@code permessage-deflate}); {@code receiveBuffer} > 0 shrinks the socket's receive buffer.
   */
  static RawWebSocket connect(int port, String path, String extensions, int receiveBuffer) throws IOException {
    return connect(port, path, "actioncable-v1-json", extensions, receiveBuffer);
  }

  /** Upgrades {@code path} offering {@code protocols} (a comma list, in the client's order); see {@link #protocol()}. */
  static RawWebSocket connect(int port, String path, String protocols, String extensions, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    String key = Base64.getEncoder().encodeToString("raw-websocket-key".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key
        + "\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: " + protocols + "\r\n"
        + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    DataInputStream in = new DataInputStream(socket.getInputStream());
    String head = SilentClient.readHead(in);
    if (!head.startsWith("HTTP/1.1 101")) {
      socket.close();
      throw new IOException("upgrade refused: " + head);
    }
    String accepted = null;
    String protocol = null;
    for (String line : head.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("sec-websocket-extensions:")) {
        accepted = line.substring(line.indexOf(':') + 1).trim();
      } else if (lower.startsWith("sec-websocket-protocol:")) {
        protocol = line.substring(line.indexOf(':') + 1).trim();
      }
    }
    RawWebSocket raw = new RawWebSocket(socket, in, accepted);
    raw.protocol = protocol;
    return raw;
  }

  /** The subprotocol the server echoed ({@code Sec-WebSocket-Protocol} of the 101), or null. */
  String protocol() {
    return protocol;
  }

  /** The extensions the server accepted ({@code Sec-WebSocket-Extensions} of the 101), or null. */
  String extensions() {
    return extensions;
  }

  /** Writes one frame: {@code first} is the first byte (FIN, RSV bits, opcode), the payload masked or not. */
  void frame(int first, byte[] payload, boolean masked) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(first);
    int maskBit = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(maskBit | payload.length);
    } else if (payload.length < 65536) {
      frame.write(maskBit | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    } else {
      frame.write(maskBit | 127);
      long length = payload.length;
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) (length >> shift) & 0xff);
      }
    }
    if (masked) {
      byte[] mask = {0x11, 0x22, 0x33, 0x44};
      frame.write(mask);
      byte[] masking = payload.clone();
      for (int i = 0; i < masking.length; i++) {
        masking[i] ^= mask[i % 4];
      }
      frame.write(masking);
    } else {
      frame.write(payload);
    }
    out.write(frame.toByteArray());
  }

  void text(String text) throws IOException {
    frame(FIN | TEXT, text.getBytes(StandardCharsets.UTF_8), true);
    out.flush();
  }

  void binary(byte[] payload) throws IOException {
    frame(FIN | BINARY, payload, true);
    out.flush();
  }

  void flush() throws IOException {
    out.flush();
  }

  /** Raw deflate of {@code data} ending in a sync flush, without its 00 00 FF FF tail (RFC 7692 7.2.1). */
  byte[] deflate(byte[] data) {
    deflater.setInput(data);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(Math.max(64, data.length / 100));
    byte[] chunk = new byte[64 * 1024];
    int n;
    do {
      n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      compressed.write(chunk, 0, n);
    } while (n == chunk.length);
    byte[] bytes = compressed.toByteArray();
    return Arrays.copyOf(bytes, bytes.length - 4);
  }

  /** One compressed text message in one frame (RSV1 set). */
  void compressedText(byte[] data) throws IOException {
    frame(FIN | RSV1 | TEXT, deflate(data), true);
    out.flush();
  }

  /** The next frame from the server within {@code timeout}; null on end of stream. */
  Frame read(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    int first;
    try {
      first = in.read();
    } catch (SocketTimeoutException e) {
      throw new IOException("no frame within " + timeout, e);
    }
    if (first < 0) {
      return null;
    }
    int second = in.readUnsignedByte();
    long length = second & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    int opcode = first & 0x0f;
    if ((first & RSV1) != 0) {
      payload = inflate(payload);
    }
    return new Frame(opcode, payload);
  }

  private byte[] inflate(byte[] compressed) throws IOException {
    byte[] withTail = Arrays.copyOf(compressed, compressed.length + 4);
    withTail[compressed.length + 2] = (byte) 0xff;
    withTail[compressed.length + 3] = (byte) 0xff;
    inflater.setInput(withTail);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = inflater.inflate(chunk)) > 0) {
        plain.write(chunk, 0, n);
      }
    } catch (DataFormatException e) {
      throw new IOException(e);
    }
    return plain.toByteArray();
  }

  /** Reads text frames until one contains {@code fragment}, within {@code timeout}. */
  Frame awaitText(String fragment, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame frame = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      if (frame == null) {
        throw new EOFException("closed before a frame with " + fragment);
      }
      if (frame.opcode() == TEXT && frame.text().contains(fragment)) {
        return frame;
      }
      if (frame.opcode() == CLOSE) {
        throw new EOFException("close " + frame.closeCode() + " before a frame with " + fragment);
      }
    }
  }

  /**
   * Skips frames until the server's close frame (returned) or the end of the stream without one (null),
   * within {@code timeout}.
   */
  Frame awaitClose(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Frame frame;
      try {
        frame = read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
      } catch (java.net.SocketException reset) {
        return null;
      }
      if (frame == null || frame.opcode() == CLOSE) {
        return frame;
      }
    }
  }

  /** Whether the server ended the TCP connection within {@code timeout} (frames before that are skipped). */
  boolean awaitEnd(Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (read(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()))) != null) {
        if (System.nanoTime() > deadline) {
          return false;
        }
      }
      return true;
    } catch (java.net.SocketException reset) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    inflater.end();
    deflater.end();
    socket.close();
  }
}
