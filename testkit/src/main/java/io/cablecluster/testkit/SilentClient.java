package io.cablecluster.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A raw-socket WebSocket client that subscribes and then never reads again, with a tiny receive buffer,
 * so the server's write queue for it fills up: the slow consumer that must not eat the server's heap. Deliberately
 * not a mode of {@link CableClient}: a Vert.x socket keeps reading into its own buffers even when paused.
 */
public final class SilentClient implements AutoCloseable {
  private final Socket socket;

  private SilentClient(Socket socket) {
    this.socket = socket;
  }

  public static SilentClient connect(int port, String path, String identifier) throws IOException {
    Socket socket = new Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(5000);
    OutputStream out = socket.getOutputStream();
    String key = Base64.getEncoder().encodeToString("silent-client-key".getBytes(StandardCharsets.UTF_8));
    out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Protocol: actioncable-v1-json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = socket.getInputStream();
    String response = readHead(in);
    if (!response.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + response);
    }
    sendText(out, "{\"command\":\"subscribe\",\"identifier\":" + io.vertx.core.json.Json.encode(identifier) + "}");
    return new SilentClient(socket);
  }

  /** Reads an HTTP response head byte by byte, up to and including the blank line (or the end of input). */
  public static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** One masked text frame (clients must mask). */
  private static void sendText(OutputStream out, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = {1, 2, 3, 4};
    out.write(0x81);
    if (payload.length < 126) {
      out.write(0x80 | payload.length);
    } else {
      out.write(0x80 | 126);
      out.write(payload.length >> 8);
      out.write(payload.length & 0xff);
    }
    out.write(mask);
    for (int i = 0; i < payload.length; i++) {
      out.write(payload[i] ^ mask[i % 4]);
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
