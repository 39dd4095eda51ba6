package io.cablecluster.core;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/**
 * Options more than one role needs, parsed once by the launcher and handed to every role in
 * {@link NodeContext}, so that roles cannot disagree about them (the gateway and the RPC bridge both need
 * to know whether RPC is on; the gateway, the RPC bridge and the broadcaster derive keys from the secret).
 *
 * @param secret     the application secret keys are derived from ({@link Secrets#derive}), null when unset;
 *                   may be "none", which disables every derived key
 * @param publicMode {@code --public}: no authentication, public streams and an open broadcast endpoint
 * @param rpcUrl     the backend's AnyCable HTTP RPC mount without a trailing slash, null when RPC is off
 */
public record SharedOptions(String secret, boolean publicMode, String rpcUrl) {

  public static final Option<String> SECRET = Option.string("secret", "",
      "base for derived keys (broadcast, RPC, JWT, signed streams)");
  public static final Option<Boolean> PUBLIC = Option.bool("public", false,
      "noauth + public streams + open broadcasts");
  public static final Option<String> RPC_HOST = Option.string("rpc_host", "",
      "http(s)://…/_anycable turns on HTTP RPC").defaultShownAs("— (RPC off)");
  public static final Option<Boolean> NORPC = Option.bool("norpc", false,
      "standalone: no RPC even with rpc_host (JWT and signed/public streams decide alone)");

  public static SharedOptions from(Settings s) {
    String secret = SECRET.read(s);
    boolean isPublic = PUBLIC.read(s);
    String host = RPC_HOST.read(s);
    boolean norpc = NORPC.read(s);
    return new SharedOptions(secret.isBlank() ? null : secret, isPublic, norpc ? null : rpcUrl(host));
  }

  /**
   * The bearer key of an endpoint that takes messages from backends ({@code broadcast_key}, {@code events_key}),
   * by AnyCable-Go's rule for the broadcast key: none in public mode, else the explicit key ("none" disables
   * it), else hex HMAC-SHA256(secret, purpose); null when there is none.
   */
  public String endpointKey(String explicitKey, String purpose) {
    return publicMode ? null : Secrets.derive(explicitKey, secret, purpose);
  }

  public boolean rpcEnabled() {
    return rpcUrl != null;
  }

  /** We speak only HTTP RPC: AnyCable's gRPC form ({@code localhost:50051}) is refused, not silently ignored. */
  private static String rpcUrl(String host) {
    if (host.isEmpty()) {
      return null;
    }
    if (!host.startsWith("http://") && !host.startsWith("https://")) {
      throw ConfigException.invalid(RPC_HOST.name(), host,
          "an http:// or https:// URL of the backend's AnyCable HTTP RPC mount (gRPC is not supported)");
    }
    return host.endsWith("/") ? host.substring(0, host.length() - 1) : host;
  }
}
