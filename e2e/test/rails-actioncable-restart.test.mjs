// The real @rails/actioncable client survives a node restart: it reconnects on its own and resubscribes.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, broadcast, Inbox, incoming } from '../lib/cable.mjs'
import { railsConsumer } from '../lib/rails-client.mjs'

let node

before(async () => {
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
})

test('after a node restart the client reconnects, resubscribes and receives', { timeout: 60_000 }, async () => {
  const consumer = railsConsumer(`${node.wsUrl}?jid=${jwt({ user_id: 7 })}`)
  const events = new Inbox()
  consumer.subscriptions.create({ channel: '$pubsub', signed_stream_name: signStream('chat/restart') }, {
    connected: details => events.push({ event: 'connected', details }),
    disconnected: details => events.push({ event: 'disconnected', details }),
    received: data => events.push({ event: 'received', data })
  })
  try {
    assert.equal((await events.next(10_000, 'connected')).event, 'connected')
    await node.restart()
    const gone = await events.next(5_000, 'disconnected')
    assert.deepEqual(gone, { event: 'disconnected', details: { willAttemptReconnect: true } })
    assert.ok(incoming(consumer.frames).some(f => f.type === 'disconnect' && f.reason === 'server_restart' && f.reconnect === true),
      'the draining node said server_restart, reconnect: true')
    const back = await events.next(40_000, 'connected again')
    assert.equal(back.event, 'connected')
    assert.equal(await broadcast(node, 'chat/restart', { text: 'back' }), 201)
    assert.deepEqual(await events.next(8_000, 'received'), { event: 'received', data: { text: 'back' } })
  } finally {
    consumer.disconnect()
  }
})
