package io.cablecluster.node.sse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client for SSE tests: writes the request as given, reads the status and headers, then the
 * (chunked) body as {@code text/event-stream} events, or a fixed-length body for a refusal. Nothing from a
 * library between the test and the bytes on the wire.
 */
final class SseClient implements AutoCloseable {
  /** One event: its fields as sent (null when absent); {@code data} joins several data lines with \n. */
  record Event(String event, String data, String id, String retry) {
  }

  private final Socket socket;
  private final InputStream in;
  private final int status;
  private final Map<String, String> headers = new HashMap<>();
  private final boolean chunked;
  private int chunkLeft;
  private boolean ended;

  private SseClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    String statusLine = line(in);
    status = Integer.parseInt(statusLine.split(" ")[1]);
    for (String header = line(in); !header.isEmpty(); header = line(in)) {
      int colon = header.indexOf(':');
      headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
    }
    chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
  }

  static SseClient get(int port, String target, Map<String, String> headers) throws IOException {
    return send(port, "GET", target, headers, null);
  }

  static SseClient post(int port, String target, Map<String, String> headers, String body) throws IOException {
    return send(port, "POST", target, headers, body);
  }

  static SseClient send(int port, String method, String target, Map<String, String> headers, String body)
      throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
        .append("Host: 127.0.0.1:").append(port).append("\r\n");
    headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    if (body != null) {
      request.append("Content-Length: ").append(payload.length).append("\r\n");
    }
    OutputStream out = socket.getOutputStream();
    out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.write(payload);
    out.flush();
    return new SseClient(socket);
  }

  int status() {
    return status;
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The whole body of a refusal (fixed length or chunked). */
  String body() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int b = read(); b >= 0; b = read()) {
        body.write(b);
      }
    } else {
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      body.write(in.readNBytes(length));
    }
    return body.toString(StandardCharsets.UTF_8);
  }

  /** The next event, pings included; null when the stream ended. */
  Event next() throws IOException {
    String event = null;
    String id = null;
    String retry = null;
    StringBuilder data = null;
    while (true) {
      String line = streamLine();
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        if (event != null || data != null || id != null) {
          return new Event(event, data == null ? null : data.toString(), id, retry);
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      switch (field) {
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "id" -> id = value;
        case "retry" -> retry = value;
        default -> { }
      }
    }
  }

  /** The next event that is not a ping. */
  Event nextNotPing() throws IOException {
    Event event = next();
    while (event != null && "ping".equals(event.event())) {
      event = next();
    }
    return event;
  }

  /** True when the stream ends (end of body or connection closed) within the read timeout. */
  boolean ends() throws IOException {
    try {
      for (Event event = next(); event != null; event = next()) {
        if (!"ping".equals(event.event()) && !"disconnect".equals(event.event())) {
          return false;
        }
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  private String streamLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = read(); ; b = read()) {
      if (b < 0) {
        return null;
      }
      if (b == '\n') {
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
  }

  /** One byte of the body, through the chunked framing; -1 at its end. */
  private int read() throws IOException {
    if (!chunked) {
      return in.read();
    }
    if (ended) {
      return -1;
    }
    if (chunkLeft == 0) {
      String size = line(in);
      if (size == null) {
        return -1;
      }
      if (size.isEmpty()) {
        size = line(in);
      }
      chunkLeft = size == null ? 0 : Integer.parseInt(size.split(";")[0].trim(), 16);
      if (chunkLeft == 0) {
        ended = true;
        return -1;
      }
    }
    int b = in.read();
    if (b >= 0) {
      chunkLeft--;
      if (chunkLeft == 0) {
        line(in);
      }
    }
    return b;
  }

  /** A CRLF-terminated line of the HTTP framing, without its terminator; null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      if (b == '\n') {
        String text = line.toString(StandardCharsets.US_ASCII);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
  }

  void setTimeout(int millis) throws IOException {
    socket.setSoTimeout(millis);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
