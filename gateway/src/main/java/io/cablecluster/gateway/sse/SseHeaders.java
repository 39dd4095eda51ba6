package io.cablecluster.gateway.sse;

import io.vertx.core.http.HttpServerResponse;

/** The headers of an SSE answer: AnyCable-Go's CORS set (server/cors.go) and its stream headers (sse/handler.go). */
final class SseHeaders {
  private SseHeaders() {
  }

  /**
   * CORS: {@code *} when no {@code allowed_origins} are configured, else the request's Origin echoed when it is
   * allowed (the caller refuses the others). Credentials are allowed, so an EventSource
   * {@code withCredentials} from an allowed origin sends its cookies.
   */
  static void cors(HttpServerResponse response, String origin, boolean anyOrigin) {
    if (anyOrigin) {
      response.putHeader("Access-Control-Allow-Origin", "*");
    } else if (origin != null && !origin.isEmpty()) {
      response.putHeader("Access-Control-Allow-Origin", origin).putHeader("Vary", "Origin");
    }
    response.putHeader("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        .putHeader("Access-Control-Allow-Credentials", "true")
        .putHeader("Access-Control-Allow-Headers",
            "Origin, X-Requested-With, X-Request-ID, Content-Type, Accept, X-CSRF-Token, Authorization, Last-Event-ID");
  }

  static void stream(HttpServerResponse response) {
    response.putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Connection", "keep-alive")
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("X-Accel-Buffering", "no")
        .putHeader("Cache-Control", "private, no-cache, no-store, must-revalidate, max-age=0")
        .putHeader("Pragma", "no-cache")
        .putHeader("Expire", "0");
  }
}
