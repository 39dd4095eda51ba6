// The real @rails/actioncable client against a node started from the built jar.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, broadcast, broadcastBatch, Inbox, incoming, within } from '../lib/cable.mjs'
import { railsConsumer } from '../lib/rails-client.mjs'

const STEP_MS = 8000
let node
let nextUser = 1000

before(async () => {
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
})

/** A consumer with its own identity, and a subscription that reports every callback into an inbox. */
function connectAndSubscribe(stream, { token = jwt({ user_id: nextUser++ }), signed = signStream(stream) } = {}) {
  const consumer = railsConsumer(`${node.wsUrl}?jid=${token}`)
  const events = new Inbox()
  const subscription = consumer.subscriptions.create(
    { channel: '$pubsub', signed_stream_name: signed },
    {
      connected: details => events.push({ event: 'connected', details }),
      disconnected: details => events.push({ event: 'disconnected', details }),
      rejected: () => events.push({ event: 'rejected' }),
      received: data => events.push({ event: 'received', data })
    })
  return { consumer, subscription, events }
}

async function expectEvent(events, name) {
  const next = await events.next(STEP_MS, `the ${name} callback`)
  assert.equal(next.event, name, `expected ${name}, got ${JSON.stringify(next)}`)
  return next
}

/**
 * Commands of one connection are processed in order, so once a later subscription is confirmed every
 * earlier command (an unsubscribe) has taken effect on the server.
 */
async function barrier(consumer, stream) {
  return within(STEP_MS, `confirmation of barrier stream ${stream}`, resolve =>
    consumer.subscriptions.create({ channel: '$pubsub', signed_stream_name: signStream(stream) },
      { connected: resolve }))
}

test('subscribes to a signed stream, receives a broadcast, stops receiving after unsubscribe', { timeout: 20_000 }, async () => {
  const { consumer, subscription, events } = connectAndSubscribe('chat/42')
  try {
    await expectEvent(events, 'connected')
    const frames = incoming(consumer.frames)
    assert.equal(frames[0].type, 'welcome')
    assert.equal(consumer.connection.getProtocol(), 'actioncable-v1-json')
    assert.deepEqual(frames.find(f => f.type === 'confirm_subscription'),
      { identifier: subscription.identifier, type: 'confirm_subscription' })

    assert.equal(await broadcast(node, 'chat/42', { text: 'hi' }), 201)
    assert.deepEqual((await expectEvent(events, 'received')).data, { text: 'hi' })

    subscription.unsubscribe()
    await barrier(consumer, 'barrier/1')
    assert.equal(await broadcast(node, 'chat/42', { text: 'after unsubscribe' }), 201)
    assert.deepEqual(await events.quietFor(1000), [])
  } finally {
    consumer.disconnect()
  }
})

test('reopened connection resubscribes and receives broadcasts again', { timeout: 20_000 }, async () => {
  const { consumer, events } = connectAndSubscribe('chat/reopen')
  try {
    await expectEvent(events, 'connected')
    consumer.connection.reopen()
    await expectEvent(events, 'disconnected')
    await expectEvent(events, 'connected')
    assert.equal(consumer.frames.filter(f => f.dir === 'accepted').length, 2, 'a second WebSocket was opened')

    assert.equal(await broadcast(node, 'chat/reopen', { text: 'again' }), 201)
    assert.deepEqual((await expectEvent(events, 'received')).data, { text: 'again' })
  } finally {
    consumer.disconnect()
  }
})

test('broadcasts to one stream arrive in publish order, single and batched', { timeout: 20_000 }, async () => {
  const { consumer, events } = connectAndSubscribe('chat/order')
  try {
    await expectEvent(events, 'connected')
    for (let n = 1; n <= 10; n++) assert.equal(await broadcast(node, 'chat/order', { n }), 201)
    const batch = []
    for (let n = 11; n <= 30; n++) batch.push({ stream: n % 2 ? 'chat/order' : 'chat/other', data: { n } })
    assert.equal(await broadcastBatch(node, batch), 201)
    const expected = [...Array.from({ length: 10 }, (_, i) => i + 1), ...batch.filter(b => b.stream === 'chat/order').map(b => b.data.n)]
    const seen = []
    for (const _ of expected) seen.push((await expectEvent(events, 'received')).data.n)
    assert.deepEqual(seen, expected)
    assert.deepEqual(await events.quietFor(500), [], 'nothing from the other stream')
  } finally {
    consumer.disconnect()
  }
})

test('a token signed with another secret is refused as unauthorized without reconnecting', { timeout: 20_000 }, async () => {
  const token = jwt({ user_id: nextUser++ }, { secret: 'not-the-secret' })
  const { consumer, events } = connectAndSubscribe('chat/42', { token })
  try {
    const { details } = await expectEvent(events, 'disconnected')
    assert.deepEqual(details, { willAttemptReconnect: false })
    assert.deepEqual(incoming(consumer.frames), [{ type: 'disconnect', reason: 'unauthorized', reconnect: false }])
    assert.deepEqual(await events.quietFor(1500), [])
    assert.equal(consumer.frames.filter(f => f.dir === 'open').length, 1, 'the client did not reconnect')
  } finally {
    consumer.disconnect()
  }
})

test('a stream signed with another secret is rejected, the connection keeps serving', { timeout: 20_000 }, async () => {
  const { consumer, events } = connectAndSubscribe('chat/42', { signed: signStream('chat/42', 'not-the-secret') })
  try {
    await expectEvent(events, 'rejected')
    assert.ok(incoming(consumer.frames).some(f => f.type === 'reject_subscription'))
    await barrier(consumer, 'barrier/2')
  } finally {
    consumer.disconnect()
  }
})
