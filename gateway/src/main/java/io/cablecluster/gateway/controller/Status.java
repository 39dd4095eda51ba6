package io.cablecluster.gateway.controller;

/** AnyCable's RPC status: the backend (or a local controller) accepted, refused, or failed. */
public enum Status {
  ERROR, SUCCESS, FAILURE
}
