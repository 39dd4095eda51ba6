// The unchanged @anycable/web client, run under Node with `ws` as its WebSocket implementation.
import { createCable } from '@anycable/web'
import { recordingWebSocket } from './cable.mjs'

export const PROTOCOLS = ['actioncable-v1-json', 'actioncable-v1-ext-json']

/** createCable(url, {protocol, websocketImplementation}) plus `frames`: every frame this cable's sockets carry. */
export function anyCable(url, protocol, options = {}) {
  const frames = []
  const cable = createCable(url, {
    protocol,
    websocketImplementation: recordingWebSocket(frames),
    logLevel: 'error',
    ...options
  })
  cable.frames = frames
  return cable
}
