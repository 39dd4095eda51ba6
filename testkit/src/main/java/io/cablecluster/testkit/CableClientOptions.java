package io.cablecluster.testkit;

import io.vertx.core.http.WebSocketConnectOptions;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one {@link CableClient} connects: path and query, headers, offered subprotocols (plain by default),
 * which frame types {@link CableClient#receive()} skips. Mutable and fluent; one instance per connect.
 */
public final class CableClientOptions {
  private String host = "127.0.0.1";
  private String path = "/cable";
  private String query = "";
  private final List<String> protocols = new ArrayList<>(List.of(CableClient.PLAIN));
  private final List<Map.Entry<String, String>> headers = new ArrayList<>();
  private Set<String> ignored = Set.of("ping");
  private int maxMessageSize = 16 * 1024 * 1024;
  private String label = "client";

  public CableClientOptions host(String host) {
    this.host = host;
    return this;
  }

  /** The request path, which may carry its own query ({@code /cable?x=1}). */
  public CableClientOptions path(String path) {
    this.path = path;
    return this;
  }

  /** The query string without {@code ?}, appended to the path. */
  public CableClientOptions query(String query) {
    this.query = query;
    return this;
  }

  public CableClientOptions header(String name, String value) {
    headers.add(new SimpleEntry<>(name, value));
    return this;
  }

  /** Replaces the offered subprotocols; none at all when called without arguments. */
  public CableClientOptions protocols(String... names) {
    protocols.clear();
    protocols.addAll(List.of(names));
    return this;
  }

  /** Offers {@code actioncable-v1-ext-json} (AnyCable's extended protocol) instead of the plain one. */
  public CableClientOptions extended() {
    return protocols(CableClient.EXTENDED);
  }

  /** Adds the {@code anycable-token.<jwt>} subprotocol, AnyCable's way to pass a JWT from a browser. */
  public CableClientOptions token(String jwt) {
    protocols.add("anycable-token." + jwt);
    return this;
  }

  /** Asks the server to restore an extended-protocol session by its id. */
  public CableClientOptions restoreSid(String sid) {
    return header("X-AnyCable-Restore-Sid", sid);
  }

  /** Frame types receive() skips; none when called without arguments. */
  public CableClientOptions ignore(String... types) {
    ignored = Set.of(types);
    return this;
  }

  public CableClientOptions maxMessageSize(int bytes) {
    maxMessageSize = bytes;
    return this;
  }

  /** Names the client in failure messages (useful with many clients on many nodes). */
  public CableClientOptions label(String label) {
    this.label = label;
    return this;
  }

  /** Where and how to open the socket; the server must echo an offered {@code actioncable-*} protocol. */
  WebSocketConnectOptions connectOptions(int port) {
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri());
    if (protocols.stream().anyMatch(p -> p.startsWith("actioncable-"))) {
      // Vert.x fails the handshake unless one is echoed, as Rails JS gives up then, too.
      connect.setSubProtocols(List.copyOf(protocols));
    } else if (!protocols.isEmpty()) {
      // Offered but not expected back (e.g. only anycable-token.<jwt>): AnyCable-Go echoes none.
      connect.addHeader("Sec-WebSocket-Protocol", String.join(", ", protocols));
    }
    headers.forEach(h -> connect.addHeader(h.getKey(), h.getValue()));
    return connect;
  }

  String uri() {
    if (query.isEmpty()) {
      return path;
    }
    return path + (path.contains("?") ? "&" : "?") + query;
  }

  Set<String> ignored() {
    return ignored;
  }

  int maxMessageSize() {
    return maxMessageSize;
  }

  String label() {
    return label;
  }
}
