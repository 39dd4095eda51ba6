// @anycable/web over actioncable-v1-msgpack and actioncable-v1-ext-msgpack: binary frames both ways,
// broadcasts as decoded values, whisper, missed-message recovery by session restore and history, a restart.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, broadcast, Inbox, bounded, follow } from '../lib/cable.mjs'
import { msgpackCable, received, MSGPACK_PROTOCOLS } from '../lib/msgpack-client.mjs'
import { anyCable } from '../lib/anycable-client.mjs'

const STEP_MS = 8000
const [PLAIN, EXT] = MSGPACK_PROTOCOLS
let node
let nextUser = 6000

before(async () => {
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`,
    '--public_streams=true', '--broker=memory'])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
})

const url = () => `${node.wsUrl}?jid=${jwt({ user_id: nextUser++ })}`


function subscribe(channel) {
  const messages = new Inbox()
  channel.on('message', message => messages.push(message))
  return { channel, messages, subscribed: bounded(channel.ensureSubscribed(), 'subscription confirmation') }
}

const HTML = '<turbo-stream action="append" target="messages"><template><div id="message_1">hi</div></template></turbo-stream>'

test('both msgpack protocols are echoed, speak binary frames only, and receive broadcasts as values', { timeout: 20_000 }, async t => {
  const json = anyCable(url(), 'actioncable-v1-json')
  const cables = MSGPACK_PROTOCOLS.map(protocol => msgpackCable(url(), protocol))
  try {
    const subs = cables.map(cable => subscribe(cable.streamFromSigned(signStream('chat/msgpack'))))
    const jsonSub = subscribe(json.streamFromSigned(signStream('chat/msgpack')))
    for (const s of [...subs, jsonSub]) await s.subscribed
    assert.equal(await broadcast(node, 'chat/msgpack', { text: 'hi', user: { id: 42, name: 'Ann' }, at: 1.5 }), 201)
    const htmlStatus = await fetch(`${node.httpUrl}/_broadcast`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${BROADCAST_KEY}` },
      body: JSON.stringify({ stream: 'chat/msgpack', data: JSON.stringify(HTML) })
    }).then(res => res.status)
    assert.equal(htmlStatus, 201)
    for (const s of [...subs, jsonSub]) {
      assert.deepEqual(await s.messages.next(STEP_MS, 'the chat broadcast'), { text: 'hi', user: { id: 42, name: 'Ann' }, at: 1.5 })
      assert.equal(await s.messages.next(STEP_MS, 'the Turbo Stream broadcast'), HTML)
    }
    cables.forEach((cable, i) => {
      assert.equal(cable.frames.find(f => f.dir === 'accepted').protocol, MSGPACK_PROTOCOLS[i])
      assert.ok(cable.frames.filter(f => f.dir === 'in' || f.dir === 'out').every(f => f.binary), 'binary frames only')
    })
    const dataFrameBytes = frames => frames.filter(f => f.frame.message !== undefined && f.frame.type !== 'ping')
      .map(f => f.bytes)
    const jsonFrames = json.frames.filter(f => f.dir === 'in')
      .map(f => ({ bytes: Buffer.byteLength(f.data), frame: JSON.parse(f.data) }))
    const sizes = [...cables.map(cable => dataFrameBytes(received(cable.frames))), dataFrameBytes(jsonFrames)]
    t.diagnostic(`bytes per data frame (chat, turbo): msgpack ${sizes[0]}, ext-msgpack ${sizes[1]}, json ${sizes[2]}`)
    assert.ok(sizes[0][0] < sizes[2][0], `a chat object is smaller in msgpack: ${sizes[0][0]} vs ${sizes[2][0]}`)
  } finally {
    for (const cable of [...cables, json]) cable.disconnect()
  }
})

test('a whisper from an ext-msgpack client reaches a plain msgpack peer as a value', { timeout: 20_000 }, async () => {
  const sender = msgpackCable(url(), EXT)
  const peer = msgpackCable(url(), PLAIN)
  try {
    const mine = subscribe(sender.streamFrom('room/msgpack-typing'))
    const theirs = subscribe(peer.streamFrom('room/msgpack-typing'))
    await mine.subscribed
    await theirs.subscribed
    await mine.channel.whisper({ event: 'typing', user: 'a', n: 3 })
    assert.deepEqual(await theirs.messages.next(STEP_MS, 'the whisper'), { event: 'typing', user: 'a', n: 3 })
  } finally {
    sender.disconnect()
    peer.disconnect()
  }
})

test('after a reconnect the ext-msgpack client restores its session and gets what it missed, once', { timeout: 20_000 }, async () => {
  const cable = msgpackCable(url(), EXT)
  try {
    const { channel, messages, subscribed } = subscribe(cable.streamFromSigned(signStream('chat/msgpack-history')))
    await subscribed
    assert.equal(await broadcast(node, 'chat/msgpack-history', { n: 1 }), 201)
    assert.deepEqual(await messages.next(STEP_MS, 'the first broadcast'), { n: 1 })
    const positioned = received(cable.frames).find(f => f.frame.message?.n === 1).frame
    assert.equal(positioned.stream_id, 'chat/msgpack-history')
    assert.equal(typeof positioned.epoch, 'string')
    assert.equal(positioned.offset, 1)

    cable.disconnect()
    assert.equal(await broadcast(node, 'chat/msgpack-history', { n: 2 }), 201)
    assert.equal(await broadcast(node, 'chat/msgpack-history', { n: 3 }), 201)
    await bounded(cable.connect(), 'reconnection')
    await bounded(channel.ensureSubscribed(), 'resubscription')
    assert.deepEqual(await messages.next(STEP_MS, 'missed broadcast 2'), { n: 2 })
    assert.deepEqual(await messages.next(STEP_MS, 'missed broadcast 3'), { n: 3 })
    assert.deepEqual(await messages.quietFor(300), [], 'no duplicates')
    const again = received(cable.frames).filter(f => f.frame.type === 'welcome').at(-1).frame
    assert.equal(again.restored, true, 'the session was restored by its sid')
    const history = cable.frames.filter(f => f.dir === 'out' && f.frame.command === 'history').at(-1)
    assert.ok(history?.binary, 'the history request went out as msgpack')
    assert.ok(received(cable.frames).some(f => f.frame.type === 'confirm_history'))
  } finally {
    cable.disconnect()
  }
})

test('after a node restart both msgpack cables reconnect, resubscribe and receive', { timeout: 45_000 }, async () => {
  const clients = MSGPACK_PROTOCOLS.map(protocol => {
    const cable = msgpackCable(url(), protocol)
    return { protocol, cable, ...follow(cable.streamFromSigned(signStream('chat/msgpack-restart'))) }
  })
  try {
    for (const c of clients) await bounded(c.channel.ensureSubscribed(), `${c.protocol} subscribed`)
    for (const c of clients) await c.connects.next(1000, `${c.protocol} first connect`)
    await node.restart()
    for (const c of clients) {
      assert.ok(received(c.cable.frames).some(f => f.frame.type === 'disconnect' && f.frame.reason === 'server_restart'),
        `${c.protocol}: server_restart arrived as msgpack`)
      await c.connects.next(30_000, `${c.protocol} channel connect after restart`)
    }
    assert.equal(await broadcast(node, 'chat/msgpack-restart', { text: 'back' }), 201)
    for (const c of clients) {
      assert.deepEqual(await c.messages.next(STEP_MS, `${c.protocol} broadcast after restart`), { text: 'back' })
    }
  } finally {
    for (const c of clients) c.cable.disconnect()
  }
})
