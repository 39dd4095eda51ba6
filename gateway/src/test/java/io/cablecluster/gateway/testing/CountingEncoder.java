package io.cablecluster.gateway.testing;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.encoder.Encoder;
import io.cablecluster.gateway.encoder.JsonEncoder;
import io.cablecluster.gateway.encoder.WireFrame;
import io.cablecluster.gateway.protocol.ClientCommand;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicInteger;

/** The JSON encoding, counting the broadcast frames it builds (the fan-out promises one per identifier). */
public final class CountingEncoder implements Encoder {
  private final String id;
  private final AtomicInteger dataCalls = new AtomicInteger();

  public CountingEncoder(String id) {
    this.id = id;
  }

  public int dataCalls() {
    return dataCalls.get();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public WireFrame encode(String json) {
    return JsonEncoder.INSTANCE.encode(json);
  }

  @Override
  public WireFrame data(String identifier, String messageJson, Broadcast broadcast) {
    dataCalls.incrementAndGet();
    return JsonEncoder.INSTANCE.data(identifier, messageJson, broadcast);
  }

  @Override
  public ClientCommand decode(String text) throws ClientCommand.InvalidCommand {
    return JsonEncoder.INSTANCE.decode(text);
  }

  @Override
  public ClientCommand decode(Buffer binary) throws ClientCommand.InvalidCommand {
    return JsonEncoder.INSTANCE.decode(binary);
  }
}
