package io.cablecluster.load;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * What every client of a run does: where it connects, which protocol it speaks and which stream it
 * subscribes to. Client {@code i} uses stream {@code prefix + (i % streams)} and, when the URL lists
 * several ports ({@code ws://127.0.0.1:8081,8082,8083/cable}: the nodes of a cluster), port {@code i % n}.
 *
 * @param protocol {@code cable} (Action Cable JSON) or {@code ws} (plain socket on {@code path?events=NAME})
 * @param identifierTemplate Action Cable identifier with {@code %s} where the stream name goes
 * @param perSourceAddress sockets per loopback source address before moving to the next (127.0.0.2, …)
 */
public record ClientSpec(String protocol, String host, List<Integer> ports, String path, String identifierTemplate,
                         int streams, String streamPrefix, int perSourceAddress) {

  public static final String PUBSUB_IDENTIFIER = "{\"channel\":\"$pubsub\",\"stream_name\":\"%s\"}";

  public static ClientSpec of(String protocol, String url, String identifierTemplate, int streams,
                              String streamPrefix, int perSourceAddress) {
    int hostStart = url.indexOf("://") + 3;
    int pathStart = url.indexOf('/', hostStart);
    String authority = url.substring(hostStart, pathStart < 0 ? url.length() : pathStart);
    String path = pathStart < 0 ? "/" : url.substring(pathStart);
    int colon = authority.lastIndexOf(':');
    String host = colon < 0 ? authority : authority.substring(0, colon);
    List<Integer> ports = new ArrayList<>();
    for (String p : (colon < 0 ? "80" : authority.substring(colon + 1)).split(",")) {
      ports.add(Integer.parseInt(p.trim()));
    }
    if (!protocol.equals("cable") && !protocol.equals("ws")) {
      throw new IllegalArgumentException("protocol must be cable or ws, got " + protocol);
    }
    return new ClientSpec(protocol, host, List.copyOf(ports), path, identifierTemplate, Math.max(1, streams),
        streamPrefix, Math.max(1, perSourceAddress));
  }

  public int port(int clientIndex) {
    return ports.get(clientIndex % ports.size());
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
    return new JsonObject().put("protocol", protocol).put("host", host).put("ports", new JsonArray(ports)).put("path", path)
        .put("identifierTemplate", identifierTemplate).put("streams", streams)
        .put("streamPrefix", streamPrefix).put("perSourceAddress", perSourceAddress);
  }

  public static ClientSpec fromJson(JsonObject j) {
    return new ClientSpec(j.getString("protocol"), j.getString("host"),
        j.getJsonArray("ports").stream().map(p -> ((Number) p).intValue()).toList(),
        j.getString("path"), j.getString("identifierTemplate"), j.getInteger("streams"),
        j.getString("streamPrefix"), j.getInteger("perSourceAddress"));
  }
}
