package io.cablecluster.gateway.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.vertx.core.json.Json;
import java.io.IOException;

/** Small JSON text helpers for building frames without re-serialising payloads. */
public final class JsonText {
  private static final JsonFactory FACTORY = new JsonFactory();

  private JsonText() {
  }

  /** A Java string as a JSON string literal. */
  public static String quote(String value) {
    return Json.encode(value);
  }

  /**
   * A broadcast's {@code data} as the frame's {@code message}: decoded exactly once, so JSON text is
   * embedded as is and anything else becomes a JSON string.
   */
  public static String message(String data) {
    return isSingleValue(data) ? data : quote(data);
  }

  /**
   * Whether the text is exactly one well-formed JSON value (validated by streaming, no tree built). Neither
   * the token loop nor {@code skipChildren} recurses, so deep text cannot overflow the stack; Jackson's
   * read constraints refuse nesting beyond their own limit (1,000 by default), and such data is then sent
   * as a JSON string.
   */
  public static boolean isSingleValue(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() == null) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

}
