// The plain-WebSocket event service with a plain `ws` client: browsers at /ws, the backend POSTs /events/<name>.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import WebSocket from 'ws'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, Inbox } from '../lib/cable.mjs'

const STEP_MS = 8000
let node

before(async () => {
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
})

async function listen() {
  const socket = new WebSocket(`ws://127.0.0.1:${node.port}/ws`)
  const events = new Inbox()
  socket.on('message', data => events.push(JSON.parse(String(data))))
  await new Promise((resolve, reject) => {
    socket.once('open', resolve)
    socket.once('error', reject)
  })
  return { socket, events }
}

async function post(name, body) {
  const res = await fetch(`${node.httpUrl}/events/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
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

test('GET /health answers 200 for such apps health checks', { timeout: 10_000 }, async () => {
  const res = await fetch(`${node.httpUrl}/health`, { signal: AbortSignal.timeout(5000) })
  await res.arrayBuffer()
  assert.equal(res.status, 200)
})
