package io.cablecluster.rpc;

/**
 * A failed RPC call with the event-bus failure code the gateway understands (TEAM contract): 503
 * unavailable, 504 deadline exceeded, 401 unauthenticated, 422 invalid argument, 500 unknown.
 *
 * @param retryable true only when the backend certainly never saw the request (connection not established),
 *                  so repeating it cannot run channel code twice
 */
final class RpcException extends RuntimeException {
  static final int UNAVAILABLE = 503;
  static final int DEADLINE_EXCEEDED = 504;
  static final int UNAUTHENTICATED = 401;
  static final int INVALID_ARGUMENT = 422;
  static final int UNKNOWN = 500;

  private final int code;
  private final boolean retryable;

  RpcException(int code, String message, boolean retryable) {
    super(message, null, false, false);
    this.code = code;
    this.retryable = retryable;
  }

  static RpcException of(int code, String message) {
    return new RpcException(code, message, false);
  }

  /** AnyCable-Go's mapping of a backend's HTTP status to an RPC error. */
  static RpcException fromHttpStatus(int status) {
    int code = switch (status) {
      case 401 -> UNAUTHENTICATED;
      case 400, 422 -> INVALID_ARGUMENT;
      default -> UNKNOWN;
    };
    return of(code, "backend answered HTTP " + status);
  }

  int code() {
    return code;
  }

  boolean retryable() {
    return retryable;
  }

  /** Whether this failure says the backend is unreachable (what the circuit breaker counts). */
  boolean transportFailure() {
    return code == UNAVAILABLE || code == DEADLINE_EXCEEDED;
  }
}
