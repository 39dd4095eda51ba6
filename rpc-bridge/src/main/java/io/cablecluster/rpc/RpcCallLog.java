package io.cablecluster.rpc;

import io.cablecluster.core.log.LogContext;
import io.cablecluster.core.log.SidTag;
import io.vertx.core.AsyncResult;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The per-RPC debug line ({@code log_level=debug} / {@code --debug}): one per call, with AnyCable-Go's
 * {@code context=rpc} and the sid's {@link SidTag}, the method ({@code connect}, {@code command} with its
 * command name, {@code disconnect}), the backend's status (or the failure's code and message), how long the
 * call took in all and how many times it was retried. Never the request or reply body (URL, headers,
 * cookies, identifiers, state), never the backend URL. Returns at once unless FINE is on.
 */
final class RpcCallLog {
  private static final Logger LOG = Logger.getLogger(RpcCallLog.class.getName());

  private RpcCallLog() {
  }

  static void call(String method, Object body, String sid, long startedNanos, int retries,
                   AsyncResult<JsonObject> outcome) {
    if (!LOG.isLoggable(Level.FINE)) {
      return;
    }
    long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    // A command's name (subscribe, message, unsubscribe) only: its identifier and data stay out.
    String command = "command".equals(method) && body instanceof JsonObject json
        && json.getValue("command") instanceof String name ? name : null;
    String message = "RPC " + method + (outcome.succeeded() ? "" : " failed");
    Object[] outcomeFields = outcome.succeeded()
        ? new Object[] {"status", status(outcome.result().getValue("status"))}
        : new Object[] {"code", outcome.cause() instanceof RpcException rpc ? rpc.code() : RpcException.UNKNOWN,
            "error", String.valueOf(outcome.cause().getMessage())};
    Object[] timing = {"duration_ms", durationMs, "retries", retries};
    Object[] head = command == null ? new Object[] {"context", "rpc", "sid", SidTag.of(sid)}
        : new Object[] {"context", "rpc", "sid", SidTag.of(sid), "command", command};
    Object[] all = new Object[head.length + outcomeFields.length + timing.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(outcomeFields, 0, all, head.length, outcomeFields.length);
    System.arraycopy(timing, 0, all, head.length + outcomeFields.length, timing.length);
    LogContext.log(LOG, Level.FINE, message, all);
  }

  /** AnyCable's status enum (ERROR 0, SUCCESS 1, FAILURE 2) by name; anycable-rb sends the number. */
  static String status(Object status) {
    if (status == null) {
      return "ERROR";
    }
    if (status instanceof Number number) {
      return switch (number.intValue()) {
        case 1 -> "SUCCESS";
        case 2 -> "FAILURE";
        default -> "ERROR";
      };
    }
    // The backend's text, bounded to the three names a line may show.
    return switch (String.valueOf(status)) {
      case "SUCCESS", "FAILURE", "ERROR" -> String.valueOf(status);
      default -> "unknown";
    };
  }
}
