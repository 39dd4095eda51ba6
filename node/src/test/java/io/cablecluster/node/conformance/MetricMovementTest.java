package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The counters move as AnyCable-Go's do, read from {@code /metrics} of a node with real clients and the
 * stand-in RPC backend on loopback. Pings are spaced out of the way so every message is accounted for.
 */
class MetricMovementTest extends ScenarioSupport {
  private static final int CLIENTS = 5;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Override
  protected Map<String, String> flags() {
    return Map.of("metrics_http", "/metrics", "ping_interval", "3600");
  }

  @Test
  @DisplayName("Verifies that N clients, a broadcast to them and a refused connect move clients_num, broadcast_msg_total, server_msg_total, data_sent_total, rpc_call_total and failed_auths_total as AnyCable-Go's do")
  void countersFollowClientsBroadcastsAndRpcCalls() throws Exception {
    String identifier = id("BroadcastDataToStreamChannel");
    double callsBefore = metric("rpc_call_total");
    double receivedBefore = metric("data_rcvd_total");
    List<CableClient> clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      CableClient client = cable.client();
      client.subscribeConfirmed(identifier);
      clients.add(client);
    }
    assertEquals(CLIENTS, metric("clients_num"));
    assertEquals(1, metric("clients_uniq_num"), "the stand-in backend gives every connection the same identifiers");
    assertEquals(CLIENTS, metric("subscriptions_num"));
    assertEquals(callsBefore + 2 * CLIENTS, metric("rpc_call_total"), "a connect and a subscribe per client");
    assertTrue(metric("data_rcvd_total") > receivedBefore, "subscribe commands are bytes received");
    assertEquals(0, metric("rpc_error_total"));

    double broadcasts = metric("broadcast_msg_total");
    double publications = metric("publications_total");
    double sent = metric("server_msg_total");
    double bytes = metric("data_sent_total");
    cable.publisher.publish("a", data("X"));
    long frameBytes = 0;
    for (CableClient client : clients) {
      frameBytes = client.receiveRaw().getBytes(StandardCharsets.UTF_8).length;
    }
    assertEquals(broadcasts + 1, metric("broadcast_msg_total"));
    assertEquals(publications + 1, metric("publications_total"));
    assertEquals(sent + CLIENTS, metric("server_msg_total"), "one message written per subscriber");
    assertEquals(bytes + CLIENTS * frameBytes, metric("data_sent_total"), "the frame's bytes, once per subscriber");

    double failedAuths = metric("failed_auths_total");
    CableClient refused = cable.client("test=reasons&reason=unauthorized");
    refused.awaitType("disconnect");
    assertEquals(failedAuths + 1, metric("failed_auths_total"));
    assertEquals(callsBefore + 2 * CLIENTS + 1, metric("rpc_call_total"));
  }

  /** One metric from {@code /metrics} ({@code anycable_go_} added), as a scraper reads it. */
  private double metric(String name) throws Exception {
    String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cable.port() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^anycable_go_" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no " + name + " in the scrape");
    }
    return Double.parseDouble(m.group(2));
  }
}
