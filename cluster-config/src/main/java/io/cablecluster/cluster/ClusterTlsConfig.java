package io.cablecluster.cluster;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mutual TLS on the clustered event bus (off unless all three PEM files are given). Every node presents
 * {@code cert} (with {@code key}) both when it accepts and when it opens an event-bus connection, and accepts
 * only peers whose certificate {@code ca} signed: a process without such a certificate can neither deliver
 * a message to a node nor receive one from it. Host names are not checked (Vert.x's clustered event bus
 * dials peers by address), so the CA must sign cluster certificates only. Hazelcast's own port is not
 * covered: Hazelcast open source has no TLS (docs/SECURITY.md).
 */
public record ClusterTlsConfig(String key, String cert, String ca) {

  public static final Option<String> CLUSTER_TLS_KEY = Option.string("cluster_tls_key", "",
      "PEM private key (PKCS#8 or PKCS#1) of this node's event-bus certificate");
  public static final Option<String> CLUSTER_TLS_CERT = Option.string("cluster_tls_cert", "",
      "PEM certificate (chain) this node presents on the event bus");
  public static final Option<String> CLUSTER_TLS_CA = Option.string("cluster_tls_ca", "",
      "PEM CA certificate(s) a peer's event-bus certificate must be signed by");

  private static final List<Option<String>> ALL = List.of(CLUSTER_TLS_KEY, CLUSTER_TLS_CERT, CLUSTER_TLS_CA);

  public static ClusterTlsConfig from(Settings s) {
    String key = CLUSTER_TLS_KEY.read(s);
    String cert = CLUSTER_TLS_CERT.read(s);
    String ca = CLUSTER_TLS_CA.read(s);
    List<String> values = List.of(key, cert, ca);
    boolean any = values.stream().anyMatch(v -> !v.isEmpty());
    for (int i = 0; i < ALL.size(); i++) {
      String name = ALL.get(i).name();
      String value = values.get(i);
      if (any && value.isEmpty()) {
        throw ConfigException.invalid(name, "",
            "a PEM file: cluster_tls_key, cluster_tls_cert and cluster_tls_ca are given together or not at all");
      }
      if (!value.isEmpty() && !Files.isReadable(Path.of(value))) {
        throw ConfigException.invalid(name, value, "a readable PEM file");
      }
    }
    return new ClusterTlsConfig(key, cert, ca);
  }

  public static ClusterTlsConfig off() {
    return new ClusterTlsConfig("", "", "");
  }

  public boolean enabled() {
    return !key.isEmpty();
  }

  /** TLS with a required client certificate on the event bus's server and the same identity on its client. */
  void apply(EventBusOptions eventBus) {
    if (!enabled()) {
      return;
    }
    // EventBusOptions trusts every certificate by default (trustAll = true): only the CA may vouch here.
    eventBus.setSsl(true)
        .setTrustAll(false)
        .setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setKeyPath(key).setCertPath(cert))
        .setTrustOptions(new PemTrustOptions().addCertPath(ca));
  }
}
