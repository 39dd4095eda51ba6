// @anycable/web features beyond signed streams: public streams, whisper, and missed-message recovery
// from the memory broker after a reconnect (actioncable-v1-ext-json).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { NoopLogger } from '@anycable/core'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, broadcast, Inbox, incoming, bounded } from '../lib/cable.mjs'
import { anyCable } from '../lib/anycable-client.mjs'

const STEP_MS = 8000
const EXT = 'actioncable-v1-ext-json'
let node
let nextUser = 4000

before(async () => {
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`,
    '--public_streams=true', '--broker=memory'])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
})

const url = () => `${node.wsUrl}?jid=${jwt({ user_id: nextUser++ })}`


function subscribe(cable, channel) {
  const messages = new Inbox()
  channel.on('message', message => messages.push(message))
  return { channel, messages, subscribed: bounded(channel.ensureSubscribed(), 'subscription confirmation') }
}

test('streamFrom subscribes to a public stream by name and receives its broadcasts', { timeout: 20_000 }, async () => {
  const cable = anyCable(url(), EXT)
  try {
    const { messages, subscribed } = subscribe(cable, cable.streamFrom('lobby/public'))
    await subscribed
    assert.equal(await broadcast(node, 'lobby/public', { text: 'open' }), 201)
    assert.deepEqual(await messages.next(STEP_MS, 'the broadcast'), { text: 'open' })
  } finally {
    cable.disconnect()
  }
})

test('a whisper reaches the other subscribers of a public stream, not the sender', { timeout: 20_000 }, async () => {
  const sender = anyCable(url(), EXT)
  const peer = anyCable(url(), 'actioncable-v1-json')
  try {
    const mine = subscribe(sender, sender.streamFrom('room/typing'))
    const theirs = subscribe(peer, peer.streamFrom('room/typing'))
    await mine.subscribed
    await theirs.subscribed
    await mine.channel.whisper({ event: 'typing', user: 'a' })
    assert.deepEqual(await theirs.messages.next(STEP_MS, 'the whisper'), { event: 'typing', user: 'a' })
    assert.deepEqual(await mine.messages.quietFor(500), [], 'the sender does not hear itself')
  } finally {
    sender.disconnect()
    peer.disconnect()
  }
})

test('after a reconnect the ext client gets the broadcasts it missed, in order, once', { timeout: 20_000 }, async () => {
  const cable = anyCable(url(), EXT)
  try {
    const { channel, messages, subscribed } = subscribe(cable, cable.streamFromSigned(signStream('chat/history')))
    await subscribed
    assert.equal(await broadcast(node, 'chat/history', { n: 1 }), 201)
    assert.deepEqual(await messages.next(STEP_MS, 'the first broadcast'), { n: 1 })
    const positioned = incoming(cable.frames).find(f => f.message?.n === 1)
    assert.equal(positioned.stream_id, 'chat/history', 'broadcasts carry their stream position')
    assert.equal(typeof positioned.epoch, 'string')
    assert.equal(positioned.offset, 1)

    cable.disconnect()
    assert.equal(await broadcast(node, 'chat/history', { n: 2 }), 201)
    assert.equal(await broadcast(node, 'chat/history', { n: 3 }), 201)
    await bounded(cable.connect(), 'reconnection')
    await bounded(channel.ensureSubscribed(), 'resubscription')
    assert.deepEqual(await messages.next(STEP_MS, 'missed broadcast 2'), { n: 2 })
    assert.deepEqual(await messages.next(STEP_MS, 'missed broadcast 3'), { n: 3 })
    assert.equal(await broadcast(node, 'chat/history', { n: 4 }), 201)
    assert.deepEqual(await messages.next(STEP_MS, 'the live broadcast'), { n: 4 })
    assert.deepEqual(await messages.quietFor(300), [], 'no duplicates')
    const afterReconnect = incoming(cable.frames.slice(cable.frames.findLastIndex(f => f.dir === 'open')))
    assert.deepEqual(afterReconnect.filter(f => f.message || f.type === 'confirm_history').map(f => f.message?.n ?? f.type),
      [2, 3, 'confirm_history', 4], 'replayed before confirm_history, then live')
  } finally {
    cable.disconnect()
  }
})

test('without public streams a stream name is rejected', { timeout: 60_000 }, async () => {
  const strict = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`])
  const cable = anyCable(`${strict.wsUrl}?jid=${jwt({ user_id: nextUser++ })}`, EXT, { logger: new NoopLogger() })
  try {
    const channel = cable.streamFrom('lobby/public')
    await assert.rejects(bounded(channel.ensureSubscribed(), 'subscription rejection'),
      err => err.name === 'SubscriptionRejectedError')
  } finally {
    cable.disconnect()
    await strict.stop()
  }
})
