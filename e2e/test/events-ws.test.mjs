// The plain-WebSocket event service with a plain `ws` client: browsers at /ws, the backend POSTs /events/<name>.
// With --secret the service is keyed as the broadcast endpoint is: POSTs carry the events key
// (HMAC(secret, "events-cable")) and listeners the listen key (HMAC(events key, "events-listen")) as ?key=.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import WebSocket from 'ws'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, Inbox } from '../lib/cable.mjs'

const STEP_MS = 8000
const EVENTS_KEY = createHmac('sha256', SECRET).update('events-cable').digest('hex')
const LISTEN_KEY = createHmac('sha256', EVENTS_KEY).update('events-listen').digest('hex')
let node

before(async () => {
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
})

async function listen(key = LISTEN_KEY) {
  const socket = new WebSocket(`ws://127.0.0.1:${node.port}/ws?key=${key}`)
  const events = new Inbox()
  socket.on('message', data => events.push(JSON.parse(String(data))))
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  return { socket, events }
}

async function post(name, body, key = EVENTS_KEY) {
  const res = await fetch(`${node.httpUrl}/events/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
    body,
    signal: AbortSignal.timeout(5000)
  })
  await res.arrayBuffer()
  return res.status
}

test('an event POSTed to /events/todo-created reaches every /ws client as todo:created', { timeout: 20_000 }, async () => {
  const first = await listen()
  const second = await listen()
  try {
    assert.equal(await post('todo-created', JSON.stringify({ id: 1, title: 'milk' })), 202)
    const expected = { type: 'todo:created', payload: { id: 1, title: 'milk' } }
    assert.deepEqual(await first.events.next(STEP_MS, 'the event on the first client'), expected)
    assert.deepEqual(await second.events.next(STEP_MS, 'the event on the second client'), expected)
  } finally {
    first.socket.close()
    second.socket.close()
  }
})

test('a body that is not JSON is refused and nobody receives anything', { timeout: 20_000 }, async () => {
  const client = await listen()
  try {
    assert.equal(await post('todo-created', '{oops'), 400)
    assert.deepEqual(await client.events.quietFor(500), [])
  } finally {
    client.socket.close()
  }
})

test('without the keys a POST and a listener are refused with 401', { timeout: 20_000 }, async () => {
  const client = await listen()
  try {
    assert.equal(await post('todo-created', '{}', 'wrong'), 401)
    await assert.rejects(listen('wrong'), /401/)
    await assert.rejects(listen(EVENTS_KEY), /401/, 'the POST key is not a listen key')
    assert.deepEqual(await client.events.quietFor(500), [])
  } finally {
    client.socket.close()
  }
})

test('GET /health answers 200 for such apps health checks', { timeout: 10_000 }, async () => {
  const res = await fetch(`${node.httpUrl}/health`, { signal: AbortSignal.timeout(5000) })
  await res.arrayBuffer()
  assert.equal(res.status, 200)
})
