// The unchanged @rails/actioncable client, run under Node with `ws` as its WebSocket.
import ActionCable from '@rails/actioncable'
import { recordingWebSocket } from './cable.mjs'

// Node has no window: the connection monitor registers a visibilitychange listener on the global object.
globalThis.addEventListener ??= () => {}
globalThis.removeEventListener ??= () => {}

// The client takes its WebSocket class from a module-wide adapter, so frames are routed to a log per
// consumer URL (each test uses its own token, hence its own URL).
const logsByUrl = new Map()
ActionCable.adapters.WebSocket = recordingWebSocket(url => logsByUrl.get(url))

/** createConsumer(url) plus `frames`: every frame of every socket this consumer opens. */
export function railsConsumer(url) {
  const frames = []
  logsByUrl.set(url, frames)
  const consumer = ActionCable.createConsumer(url)
  consumer.frames = frames
  return consumer
}

export { ActionCable }
