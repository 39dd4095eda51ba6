package io.cablecluster.gateway.controller;

import java.util.List;
import java.util.Map;

/**
 * What a channel command does, applied by the session in AnyCable's order: stop all streams or the
 * stopped ones, add streams, merge istate and cstate (an empty value deletes a key), send the
 * transmissions once the new streams are reachable, apply the presence change (on the subscription's
 * {@code $p} stream), then close when {@code disconnect}.
 * {@code errorMessage} explains an ERROR.
 */
public record CommandResult(Status status, List<String> transmissions, List<String> streams,
                            List<String> stoppedStreams, boolean stopAllStreams, boolean disconnect,
                            Map<String, String> istate, Map<String, String> cstate, String errorMessage,
                            boolean disconnectInterest, PresenceChange presence) {

  /** A result without a presence change. */
  public CommandResult(Status status, List<String> transmissions, List<String> streams, List<String> stoppedStreams,
                       boolean stopAllStreams, boolean disconnect, Map<String, String> istate,
                       Map<String, String> cstate, String errorMessage, boolean disconnectInterest) {
    this(status, transmissions, streams, stoppedStreams, stopAllStreams, disconnect, istate, cstate, errorMessage,
        disconnectInterest, null);
  }

  public static final CommandResult NOTHING = new CommandResult(Status.SUCCESS, List.of(), List.of(), List.of(),
      false, false, Map.of(), Map.of(), "", false);

  /** A subscription answered locally: confirmed, with its stream and channel state. */
  public static CommandResult subscribed(List<String> transmissions, String stream, Map<String, String> istate) {
    return new CommandResult(Status.SUCCESS, transmissions, List.of(stream), List.of(), false, false, istate,
        Map.of(), "", false);
  }

  public static CommandResult rejected(List<String> transmissions) {
    return new CommandResult(Status.FAILURE, transmissions, List.of(), List.of(), false, false, Map.of(),
        Map.of(), "", false);
  }

  public boolean success() {
    return status == Status.SUCCESS;
  }
}
