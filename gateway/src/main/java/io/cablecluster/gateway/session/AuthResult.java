package io.cablecluster.gateway.session;

import java.util.List;
import java.util.Map;

/** How authentication ended for a connection, and what the client is told. */
public sealed interface AuthResult {

  void applyTo(Session session);

  /** Accepted: send the welcome transmissions, then start serving commands. */
  record Welcome(String identifiers, List<String> frames, boolean viaRpc, Map<String, String> cstate)
      implements AuthResult {
    @Override
    public void applyTo(Session session) {
      session.cstate.putAll(cstate);
      session.open(identifiers, viaRpc, frames);
    }
  }

  /** A reconnecting extended-protocol client got its old session back. */
  record Restore(SessionCache.Snapshot snapshot) implements AuthResult {
    @Override
    public void applyTo(Session session) {
      session.restore(snapshot);
    }
  }

  /** Refused: send the frames (normally a disconnect), then close with the code. */
  record Refuse(List<String> frames, short closeCode) implements AuthResult {
    @Override
    public void applyTo(Session session) {
      session.sendAll(frames);
      session.close(closeCode, closeCode == 1011 ? "Internal error" : "");
    }
  }
}
