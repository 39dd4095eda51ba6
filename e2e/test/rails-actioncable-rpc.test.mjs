// The real @rails/actioncable client against a node whose channel logic lives in an AnyCable HTTP RPC
// backend (a small stand-in written here, answering like anycable-rails): connect, subscribe, perform an
// action, receive its transmission and a broadcast, unsubscribe, disconnect.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { startNode } from '../lib/node.mjs'
import { BROADCAST_KEY, broadcast, Inbox } from '../lib/cable.mjs'
import { railsConsumer } from '../lib/rails-client.mjs'

const STEP_MS = 8000
const RPC_SECRET = 'rpc_secret'
const calls = []
let backend
let node

/** anycable-rails' answers for one ChatChannel: stream per room, `speak` echoes back to the speaker. */
function answer(method, body) {
  if (method === 'connect') {
    const user = new URL(body.env.url).searchParams.get('user')
    if (!user) {
      return { status: 2, transmissions: [JSON.stringify({ type: 'disconnect', reason: 'unauthorized', reconnect: false })] }
    }
    return { status: 1, identifiers: JSON.stringify({ user }), transmissions: [JSON.stringify({ type: 'welcome' })] }
  }
  if (method === 'disconnect') return { status: 1 }
  const id = body.identifier
  const params = JSON.parse(id)
  if (params.channel !== 'ChatChannel') return { error_msg: `unknown channel ${params.channel}` }
  switch (body.command) {
    case 'subscribe':
      return {
        status: 1,
        streams: [`chat/${params.room}`],
        env: { istate: { room: String(params.room) } },
        transmissions: [JSON.stringify({ identifier: id, type: 'confirm_subscription' })]
      }
    case 'unsubscribe':
      return { status: 1, stop_streams: true }
    case 'message': {
      const data = JSON.parse(body.data)
      const user = JSON.parse(body.connection_identifiers).user
      return {
        status: 1,
        transmissions: [JSON.stringify({ identifier: id, message: { echo: data.text, from: user, room: body.env.istate.room } })]
      }
    }
    default:
      return { error_msg: `unknown command ${body.command}` }
  }
}

before(async () => {
  backend = createServer((req, res) => {
    let raw = ''
    req.on('data', chunk => { raw += chunk })
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${RPC_SECRET}`) {
        res.writeHead(401).end()
        return
      }
      const method = req.url.replace('/_anycable/', '')
      const body = JSON.parse(raw)
      calls.push({ method, body, sid: req.headers['x-anycable-meta-sid'] })
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer(method, body)))
    })
  })
  await new Promise(resolve => backend.listen(0, '127.0.0.1', resolve))
  node = await startNode([
    `--rpc_host=http://127.0.0.1:${backend.address().port}/_anycable`,
    `--http_rpc_secret=${RPC_SECRET}`,
    `--broadcast_key=${BROADCAST_KEY}`
  ])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
  await new Promise(resolve => backend ? backend.close(resolve) : resolve())
})

test('subscribes to an RPC channel, performs an action, receives its transmission and a broadcast', { timeout: 30_000 }, async () => {
  const consumer = railsConsumer(`${node.wsUrl}?user=alice`)
  const events = new Inbox()
  const subscription = consumer.subscriptions.create({ channel: 'ChatChannel', room: 42 }, {
    connected: () => events.push({ event: 'connected' }),
    rejected: () => events.push({ event: 'rejected' }),
    received: data => events.push({ event: 'received', data })
  })
  try {
    assert.deepEqual(await events.next(STEP_MS, 'connected'), { event: 'connected' })
    subscription.perform('speak', { text: 'hello' })
    assert.deepEqual(await events.next(STEP_MS, 'the speak transmission'),
      { event: 'received', data: { echo: 'hello', from: 'alice', room: '42' } })
    assert.equal(await broadcast(node, 'chat/42', { text: 'broadcast' }), 201)
    assert.deepEqual(await events.next(STEP_MS, 'the broadcast'), { event: 'received', data: { text: 'broadcast' } })

    const subscribe = calls.find(c => c.method === 'command' && c.body.command === 'subscribe')
    assert.equal(subscribe.body.identifier, subscription.identifier)
    assert.equal(subscribe.body.connection_identifiers, JSON.stringify({ user: 'alice' }))
    assert.ok(subscribe.sid, 'X-Anycable-Meta-Sid is sent')

    subscription.unsubscribe()
    consumer.disconnect()
    const deadline = Date.now() + STEP_MS
    while (!calls.some(c => c.method === 'disconnect') && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    const disconnect = calls.find(c => c.method === 'disconnect')
    assert.ok(disconnect, 'the backend is told about the disconnect')
    assert.equal(disconnect.body.identifiers, JSON.stringify({ user: 'alice' }))
  } finally {
    consumer.disconnect()
  }
})

test('a connection the backend refuses is closed without reconnecting', { timeout: 30_000 }, async () => {
  const consumer = railsConsumer(`${node.wsUrl}?anonymous=1`)
  consumer.connect()
  try {
    const deadline = Date.now() + STEP_MS
    while (!consumer.frames.some(f => f.dir === 'closed') && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 50))
    }
    const frames = consumer.frames.filter(f => f.dir === 'in').map(f => JSON.parse(f.data))
    assert.deepEqual(frames.find(f => f.type === 'disconnect'), { type: 'disconnect', reason: 'unauthorized', reconnect: false })
    assert.ok(consumer.frames.some(f => f.dir === 'closed'), 'the socket is closed')
    await new Promise(resolve => setTimeout(resolve, 1500))
    assert.equal(consumer.frames.filter(f => f.dir === 'open').length, 1, 'no reconnect after reconnect:false')
  } finally {
    consumer.disconnect()
  }
})
