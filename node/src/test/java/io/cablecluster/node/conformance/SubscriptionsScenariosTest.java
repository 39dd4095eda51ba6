package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** anyt subscriptions: confirm, reject, params, perform and transmissions (§2, scenarios 27–32). */
class SubscriptionsScenariosTest extends ScenarioSupport {

  @Test
  void subscriptionAknowledgementClientReceivesSubscriptionConfirmation() {
    String identifier = id("SubscriptionAknowledgementChannel");
    CableClient client = cable.client();
    client.subscribe(identifier);
    assertEquals(ack(identifier), client.receive());
  }

  @Test
  void subscriptionAknowledgementClientReceivesSubscriptionRejection() {
    String identifier = id("SubscriptionAknowledgementRejectorChannel");
    CableClient client = cable.client();
    client.subscribe(identifier);
    assertEquals(new JsonObject().put("identifier", identifier).put("type", "reject_subscription"), client.receive());
  }

  @Test
  void subscriptionWithParamsClientSubscribesToTheSameChannelWithDifferentParams() {
    CableClient client = cable.client();
    String first = id("SubscriptionWithParamsChannel", "id", 1);
    String second = id("SubscriptionWithParamsChannel", "id", 2);
    client.subscribe(first);
    assertEquals(ack(first), client.receive());
    client.subscribe(second);
    assertEquals(ack(second), client.receive());
  }

  @Test
  void subscriptionPerformMethodsClientPerformActionsWithoutArguments() {
    String identifier = id("SubscriptionPerformMethodsChannel");
    CableClient client = cable.client();
    client.subscribeConfirmed(identifier);
    client.perform(identifier, new JsonObject().put("action", "tick"));
    assertEquals(msg(identifier, "tock"), client.receive());
  }

  @Test
  void subscriptionPerformMethodsClientPerformActionsWithArguments() {
    String identifier = id("SubscriptionPerformMethodsChannel");
    CableClient client = cable.client();
    client.subscribeConfirmed(identifier);
    client.perform(identifier, new JsonObject().put("action", "echo").put("text", "hello"));
    assertEquals(msg(identifier, new JsonObject().put("response", "hello")), client.receive());
  }

  @Test
  void subscriptionTransmissionsClientReceivesTransmissionsFromSubscribedCallback() {
    String identifier = id("SubscriptionTransmissionsChannel");
    CableClient client = cable.client();
    client.subscribe(identifier);
    assertEquals(msg(identifier, "hello"), client.receive());
    assertEquals(msg(identifier, "world"), client.receive());
    assertEquals(ack(identifier), client.receive());
  }
}
