package io.cablecluster.load;

import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * What every client of a run does: where it connects, which protocol it speaks and which stream it
 * subscribes to. Client {@code i} uses stream {@code prefix + (i % streams)}.
 *
 * @param protocol {@code cable} (Action Cable JSON) or {@code ws} (plain socket on {@code path?events=NAME})
 * @param identifierTemplate Action Cable identifier with {@code %s} where the stream name goes
 * @param perSourceAddress sockets per loopback source address before moving to the next (127.0.0.2, …)
 */
public record ClientSpec(String protocol, String host, int port, String path, String identifierTemplate,
                         int streams, String streamPrefix, int perSourceAddress) {

  public static final String PUBSUB_IDENTIFIER = "{\"channel\":\"$pubsub\",\"stream_name\":\"%s\"}";

  public static ClientSpec of(String protocol, String url, String identifierTemplate, int streams,
                              String streamPrefix, int perSourceAddress) {
    URI uri = URI.create(url);
    int port = uri.getPort() > 0 ? uri.getPort() : 80;
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (!protocol.equals("cable") && !protocol.equals("ws")) {
      throw new IllegalArgumentException("protocol must be cable or ws, got " + protocol);
    }
    return new ClientSpec(protocol, uri.getHost(), port, path, identifierTemplate, Math.max(1, streams),
        streamPrefix, Math.max(1, perSourceAddress));
  }

  public String stream(int clientIndex) {
    return streamPrefix + (clientIndex % streams);
  }

  public String identifier(String stream) {
    return identifierTemplate.replace("%s", stream);
  }

  public boolean actionCable() {
    return protocol.equals("cable");
  }

  /** Source address for the n-th socket of a run; null (kernel's choice) for the first block. */
  public String sourceAddress(long socketSerial) {
    long block = socketSerial / perSourceAddress;
    if (block == 0) {
      return null;
    }
    if (block > 250) {
      throw new IllegalStateException("out of loopback source addresses at socket " + socketSerial);
    }
    return "127.0.0." + (block + 1);
  }

  public JsonObject toJson() {
    return new JsonObject().put("protocol", protocol).put("host", host).put("port", port).put("path", path)
        .put("identifierTemplate", identifierTemplate).put("streams", streams)
        .put("streamPrefix", streamPrefix).put("perSourceAddress", perSourceAddress);
  }

  public static ClientSpec fromJson(JsonObject j) {
    return new ClientSpec(j.getString("protocol"), j.getString("host"), j.getInteger("port"),
        j.getString("path"), j.getString("identifierTemplate"), j.getInteger("streams"),
        j.getString("streamPrefix"), j.getInteger("perSourceAddress"));
  }
}
