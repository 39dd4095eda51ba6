// The real @rails/actioncable client with a backend channel over HTTP RPC: connect, subscribe, perform,
// broadcast, disconnect — the path a Rails app with anycable-rb takes.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, broadcast, Inbox, incoming, sleep } from '../lib/cable.mjs'
import { startRpcBackend } from '../lib/rpc-backend.mjs'
import { railsConsumer } from '../lib/rails-client.mjs'

const STEP_MS = 8000
// hex HMAC-SHA256("s3cr3t", "rpc-cable"), PROTOCOL.md §d.
const RPC_SECRET = '4b7da2749fe2a4534cec0d2acbd16277a800cf2acd31158ac4edae4a62a8f18d'
let backend
let node
let client = 0

before(async () => {
  backend = await startRpcBackend()
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`, `--rpc_host=${backend.url}`])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
  await backend?.close()
})

function chat(token, room) {
  const consumer = railsConsumer(`${node.wsUrl}?token=${token}&client=${client++}`)
  const events = new Inbox()
  const subscription = consumer.subscriptions.create({ channel: 'ChatChannel', room }, {
    connected: () => events.push({ event: 'connected' }),
    disconnected: details => events.push({ event: 'disconnected', details }),
    rejected: () => events.push({ event: 'rejected' }),
    received: data => events.push({ event: 'received', data })
  })
  return { consumer, subscription, events }
}

async function waitForCall(predicate, what) {
  const deadline = Date.now() + STEP_MS
  while (Date.now() < deadline) {
    const call = backend.calls.find(predicate)
    if (call) return call
    await sleep(20)
  }
  throw new Error(`the backend never saw ${what}`)
}

test('a backend channel: subscribe through RPC, receive its stream, perform an action, disconnect', { timeout: 20_000 }, async () => {
  const { consumer, subscription, events } = chat('good', '7')
  let disconnected = false
  try {
    assert.deepEqual(await events.next(STEP_MS, 'connected'), { event: 'connected' })
    const connect = await waitForCall(c => c.path === '/_anycable/connect' && c.request.env.url.includes('token=good'), 'Connect')
    assert.equal(connect.authorization, `Bearer ${RPC_SECRET}`)
    assert.equal(typeof connect.sid, 'string')
    const subscribe = await waitForCall(c => c.request.command === 'subscribe' && c.request.identifier === subscription.identifier, 'subscribe')
    assert.equal(subscribe.request.connection_identifiers, '{"user":"u1"}')

    assert.equal(await broadcast(node, 'chat/7', { text: 'from the backend' }), 201)
    assert.deepEqual(await events.next(STEP_MS, 'the broadcast'), { event: 'received', data: { text: 'from the backend' } })

    subscription.perform('speak', { text: 'hello' })
    assert.deepEqual(await events.next(STEP_MS, 'the transmission'), { event: 'received', data: { action: 'speak', echo: 'hello' } })
    const message = await waitForCall(c => c.request.command === 'message', 'the speak command')
    assert.deepEqual(JSON.parse(message.request.data), { text: 'hello', action: 'speak' })

    consumer.disconnect()
    disconnected = true
    const gone = await waitForCall(c => c.path === '/_anycable/disconnect' && c.request.identifiers === '{"user":"u1"}', 'Disconnect')
    assert.deepEqual(gone.request.subscriptions, [subscription.identifier])
  } finally {
    if (!disconnected) consumer.disconnect()
  }
})

test('the backend refusing the connection sends the client away as unauthorized', { timeout: 20_000 }, async () => {
  const { consumer, events } = chat('bad', '7')
  try {
    assert.deepEqual(await events.next(STEP_MS, 'disconnected'), { event: 'disconnected', details: { willAttemptReconnect: false } })
    assert.deepEqual(incoming(consumer.frames), [{ type: 'disconnect', reason: 'unauthorized', reconnect: false }])
  } finally {
    consumer.disconnect()
  }
})

test('the backend rejecting a channel sends reject_subscription', { timeout: 20_000 }, async () => {
  const consumer = railsConsumer(`${node.wsUrl}?token=good&client=${client++}`)
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no rejection')), STEP_MS)
      consumer.subscriptions.create({ channel: 'SecretChannel' }, { rejected: () => { clearTimeout(timer); resolve() } })
    })
  } finally {
    consumer.disconnect()
  }
})
