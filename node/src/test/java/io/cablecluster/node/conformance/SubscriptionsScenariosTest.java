package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** anyt subscriptions: confirm, reject, params, perform and transmissions (§2, scenarios 27–32). */
class SubscriptionsScenariosTest extends ScenarioSupport {

  @Test
  @DisplayName("Verifies that subscription aknowledgement client receives subscription confirmation")
  void subscriptionAknowledgementClientReceivesSubscriptionConfirmation() {
    String identifier = id("SubscriptionAknowledgementChannel");
    CableClient client = cable.client();
    client.subscribe(identifier);
    assertEquals(ack(identifier), client.receive());
  }

  @Test
  @DisplayName("Verifies that subscription aknowledgement client receives subscription rejection")
  void subscriptionAknowledgementClientReceivesSubscriptionRejection() {
    String identifier = id("SubscriptionAknowledgementRejectorChannel");
    CableClient client = cable.client();
    client.subscribe(identifier);
    assertEquals(new JsonObject().put("identifier", identifier).put("type", "reject_subscription"), client.receive());
  }

  @Test
  @DisplayName("Verifies that subscription with params client subscribes to the same channel with different params")
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
  @DisplayName("Verifies that subscription perform methods client perform actions without arguments")
  void subscriptionPerformMethodsClientPerformActionsWithoutArguments() {
    String identifier = id("SubscriptionPerformMethodsChannel");
    CableClient client = cable.client();
    client.subscribeConfirmed(identifier);
    client.perform(identifier, new JsonObject().put("action", "tick"));
    assertEquals(msg(identifier, "tock"), client.receive());
  }

  @Test
  @DisplayName("Verifies that subscription perform methods client perform actions with arguments")
  void subscriptionPerformMethodsClientPerformActionsWithArguments() {
    String identifier = id("SubscriptionPerformMethodsChannel");
    CableClient client = cable.client();
    client.subscribeConfirmed(identifier);
    client.perform(identifier, new JsonObject().put("action", "echo").put("text", "hello"));
    assertEquals(msg(identifier, new JsonObject().put("response", "hello")), client.receive());
  }

  @Test
  @DisplayName("Verifies that subscription transmissions client receives transmissions from subscribed callback")
  void subscriptionTransmissionsClientReceivesTransmissionsFromSubscribedCallback() {
    String identifier = id("SubscriptionTransmissionsChannel");
    CableClient client = cable.client();
    client.subscribe(identifier);
    assertEquals(msg(identifier, "hello"), client.receive());
    assertEquals(msg(identifier, "world"), client.receive());
    assertEquals(ack(identifier), client.receive());
  }
}
