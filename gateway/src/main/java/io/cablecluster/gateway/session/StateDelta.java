package io.cablecluster.gateway.session;

import java.util.Map;

/** AnyCable's state updates (cstate, istate): a key with an empty value is deleted. */
final class StateDelta {
  private StateDelta() {
  }

  static void merge(Map<String, String> target, Map<String, String> delta) {
    delta.forEach((k, v) -> {
      if (v.isEmpty()) {
        target.remove(k);
      } else {
        target.put(k, v);
      }
    });
  }
}
