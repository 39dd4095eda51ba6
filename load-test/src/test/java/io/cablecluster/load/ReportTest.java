package io.cablecluster.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static JsonObject result(String server, double p95) {
    return new JsonObject().put("scenario", "broadcast").put("server", server).put("variant", "1 stream")
        .put("steps", new JsonArray().add(new JsonObject().put("clients", 1000).put("rttP50", p95 / 2)
            .put("rttP95", p95).put("rttP99", p95 * 2).put("deliveredPct", 100.0)));
  }

  @Test
  void markdownPutsBothServersSideBySideWithTheirRatio() {
    String md = Report.markdown(List.of(result("cable-cluster", 5), result("actioncable", 500)));
    assertTrue(md.contains("| clients | metric | cable-cluster | actioncable | ratio (cable-cluster / actioncable) |"), md);
    assertTrue(md.contains("| 1000 | RTT p95 ms | 5 | 500 | 0.0100 |"), md);
  }

  @Test
  void svgIsWellFormedXmlWithALogAxisWhenSeriesSpanDecades() throws Exception {
    String svg = Report.svg(List.of(result("cable-cluster", 5), result("actioncable", 5000)));
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", doc.getDocumentElement().getNodeName());
    assertTrue(svg.contains("(log)"));
  }

  @Test
  void histogramPercentilesStayWithinTwoPercentAndMerge() {
    Histogram a = new Histogram();
    Histogram b = new Histogram();
    for (int i = 1; i <= 1000; i++) {
      (i % 2 == 0 ? a : b).record(i * 1000L);
    }
    Histogram merged = Histogram.fromJson(a.toJson());
    merged.merge(Histogram.fromJson(b.toJson()));
    assertEquals(1000, merged.count());
    assertEquals(1_000_000, merged.maxMicros());
    assertEquals(950_000, merged.percentileMicros(0.95), 950_000 * 0.021);
    assertEquals(500_000, merged.percentileMicros(0.50), 500_000 * 0.021);
  }
}
