package io.cablecluster.gateway.encoder;

import java.util.List;

/**
 * The Action Cable subprotocols the gateway speaks and what each means for a connection: its encoding and
 * whether it is AnyCable's extended protocol. The HTTP front offers {@link #ALL}; Netty echoes the first
 * entry of the client's own list that is in it (the client's order decides), and a client offering none of
 * them is served as {@code actioncable-v1-json} without an echoed protocol, as AnyCable-Go does.
 */
public final class Protocols {
  public static final String JSON = "actioncable-v1-json";
  public static final String EXT_JSON = "actioncable-v1-ext-json";
  public static final String MSGPACK = "actioncable-v1-msgpack";
  public static final String EXT_MSGPACK = "actioncable-v1-ext-msgpack";
  public static final List<String> ALL = List.of(JSON, EXT_JSON, MSGPACK, EXT_MSGPACK);

  private Protocols() {
  }

  /** The encoding of a connection that negotiated {@code subProtocol} (null or unknown: JSON). */
  public static Encoder encoder(String subProtocol) {
    return MSGPACK.equals(subProtocol) || EXT_MSGPACK.equals(subProtocol)
        ? MsgpackEncoder.INSTANCE : JsonEncoder.INSTANCE;
  }

  /** Whether {@code subProtocol} is AnyCable's extended protocol (sid restore, pong timeouts). */
  public static boolean extended(String subProtocol) {
    return EXT_JSON.equals(subProtocol) || EXT_MSGPACK.equals(subProtocol);
  }
}
