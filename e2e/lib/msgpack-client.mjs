// @anycable/web over the msgpack subprotocols. AnyCable's own @anycable/msgpack-encoder is not on the public
// registry, so this is the same two-method Encoder (packages/msgpack-encoder in anycable-client) built on
// @msgpack/msgpack: encode(msg) → bytes, decode(bytes) → message or undefined.
import { encode, decode } from '@msgpack/msgpack'
import WebSocket from 'ws'
import { createCable } from '@anycable/web'

export const MSGPACK_PROTOCOLS = ['actioncable-v1-msgpack', 'actioncable-v1-ext-msgpack']

export class MsgpackEncoder {
  encode(msg) {
    return encode(msg)
  }

  decode(data) {
    try {
      return decode(data)
    } catch (_e) {
      return undefined
    }
  }
}

/**
 * A ws WebSocket that records every frame both ways as {dir, binary, bytes, frame}: `frame` is the decoded
 * message (msgpack for binary frames, JSON for text), `bytes` the payload size on the wire.
 */
function recordingWebSocket(frames) {
  const record = (dir, data, binary) => {
    const bytes = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength
    const frame = binary ? decode(new Uint8Array(data)) : JSON.parse(String(data))
    frames.push({ dir, binary, bytes, frame, at: Date.now() })
  }
  return class RecordingWebSocket extends WebSocket {
    constructor(url, protocols, options) {
      super(url, protocols, options)
      this.addEventListener('open', () => frames.push({ dir: 'accepted', protocol: this.protocol, at: Date.now() }))
      this.addEventListener('message', event => record('in', event.data, typeof event.data !== 'string'))
    }

    send(data, ...rest) {
      record('out', data, typeof data !== 'string')
      return super.send(data, ...rest)
    }
  }
}

/** createCable(url, {protocol, encoder}) with `frames` recorded as above. */
export function msgpackCable(url, protocol, options = {}) {
  const frames = []
  const cable = createCable(url, {
    protocol,
    encoder: new MsgpackEncoder(),
    websocketImplementation: recordingWebSocket(frames),
    logLevel: 'error',
    ...options
  })
  cable.frames = frames
  return cable
}

/** Decoded incoming frames, pings excluded. */
export const received = frames => frames.filter(f => f.dir === 'in' && f.frame?.type !== 'ping')
