// What a backend would do (sign streams, issue JWTs, POST broadcasts) plus small waiting helpers.
import { createHmac } from 'node:crypto'
import WebSocket from 'ws'

export const SECRET = 's3cr3t'
export const BROADCAST_KEY = 'bk'

/** Rails MessageVerifier format (PROTOCOL.md §f): base64(JSON(stream)) + "--" + hex HMAC-SHA256. */
export function signStream(stream, secret = SECRET) {
  const encoded = Buffer.from(JSON.stringify(stream)).toString('base64')
  const digest = createHmac('sha256', secret).update(encoded).digest('hex')
  return `${encoded}--${digest}`
}

const base64url = value => Buffer.from(value).toString('base64url')

/** An anycable-rb style identification token (PROTOCOL.md §e): HS256, string `ext` claim, `exp`. */
export function jwt(identifiers, { secret = SECRET, ttlSeconds = 3600 } = {}) {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds
  const payload = base64url(JSON.stringify({ ext: JSON.stringify(identifiers), exp }))
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${signature}`
}

/** POST /_broadcast the way a backend does; resolves with the HTTP status. */
export async function broadcast(node, stream, data, key = BROADCAST_KEY) {
  const res = await fetch(`${node.httpUrl}/_broadcast`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify({ stream, data: JSON.stringify(data) }),
    signal: AbortSignal.timeout(5000)
  })
  await res.arrayBuffer()
  return res.status
}

/** POST /_broadcast with a batch body (an array of {stream, data}); resolves with the HTTP status. */
export async function broadcastBatch(node, items, key = BROADCAST_KEY) {
  const res = await fetch(`${node.httpUrl}/_broadcast`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body: JSON.stringify(items.map(({ stream, data }) => ({ stream, data: JSON.stringify(data) }))),
    signal: AbortSignal.timeout(5000)
  })
  await res.arrayBuffer()
  return res.status
}

/** Resolves when `register(resolve)` calls back, rejects after ms with `what` in the message. */
export function within(ms, what, register) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
    register(value => {
      clearTimeout(timer)
      resolve(value)
    })
  })
}

/** The promise's value, or its error, or a timeout after `ms` naming `what`: every wait in a test is bounded. */
export function bounded(promise, what, ms = 8000) {
  return within(ms, what, resolve => promise.then(value => resolve({ value }), error => resolve({ error })))
    .then(({ value, error }) => {
      if (error) throw error
      return value
    })
}

/** A channel with its messages and its connect events, each as an Inbox. */
export function follow(channel) {
  const messages = new Inbox()
  const connects = new Inbox()
  channel.on('message', message => messages.push(message))
  channel.on('connect', event => connects.push(event))
  return { channel, messages, connects }
}

export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

/** A queue of values pushed by client callbacks, read in order with a bound. */
export class Inbox {
  constructor() {
    this.items = []
    this.waiters = []
  }

  push(item) {
    const waiter = this.waiters.shift()
    if (waiter) waiter(item)
    else this.items.push(item)
  }

  next(ms, what = 'a message') {
    if (this.items.length > 0) return Promise.resolve(this.items.shift())
    return within(ms, what, resolve => this.waiters.push(resolve))
  }

  /** Resolves with what arrived in the next ms (expected: nothing). */
  async quietFor(ms) {
    await sleep(ms)
    return this.items.splice(0)
  }
}

/**
 * A ws WebSocket subclass that records every frame both ways as {dir, data, at}. `logFor(url)` picks the
 * array a socket writes to (a plain array works too). Subclassing keeps the static readyState constants
 * the clients look up.
 */
export function recordingWebSocket(logFor, onFrame = () => {}) {
  const pick = typeof logFor === 'function' ? logFor : () => logFor
  return class RecordingWebSocket extends WebSocket {
    constructor(url, protocols, options) {
      super(url, protocols, options)
      this.frameLog = pick(String(url)) || []
      this.record('open', `${url} protocols=${JSON.stringify(protocols)}`)
      this.addEventListener('open', () => this.record('accepted', `protocol=${JSON.stringify(this.protocol)}`))
      this.addEventListener('message', event => this.record('in', String(event.data)))
      this.addEventListener('close', event => this.record('closed', `code=${event.code} reason=${JSON.stringify(event.reason)}`))
    }

    record(dir, data) {
      const entry = { dir, data, at: Date.now() }
      this.frameLog.push(entry)
      onFrame(entry)
    }

    send(data, ...rest) {
      this.record('out', String(data))
      return super.send(data, ...rest)
    }
  }
}

/** Parsed incoming frames of a recorded log, pings excluded. */
export const incoming = log => log.filter(e => e.dir === 'in').map(e => JSON.parse(e.data))
  .filter(frame => frame.type !== 'ping')
