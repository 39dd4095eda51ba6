// The real @anycable/web client survives a node restart with both protocols: reconnect, resubscribe, receive.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, broadcast, within, incoming, follow } from '../lib/cable.mjs'
import { anyCable, PROTOCOLS } from '../lib/anycable-client.mjs'

let node

before(async () => {
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
})

test('after a node restart every cable reconnects, resubscribes and receives', { timeout: 60_000 }, async () => {
  const clients = PROTOCOLS.map((protocol, i) => {
    const cable = anyCable(`${node.wsUrl}?jid=${jwt({ user_id: 3000 + i })}`, protocol)
    return { protocol, cable, ...follow(cable.streamFromSigned(signStream('chat/restart'))) }
  })
  try {
    for (const c of clients) await within(10_000, `${c.protocol} subscribed`, r => c.channel.ensureSubscribed().then(r))
    for (const c of clients) await c.connects.next(1000, `${c.protocol} first connect`)

    await node.restart()
    for (const c of clients) {
      assert.ok(incoming(c.cable.frames).some(f => f.type === 'disconnect' && f.reason === 'server_restart' && f.reconnect === true),
        `${c.protocol}: the draining node said server_restart, reconnect: true`)
    }
    for (const c of clients) {
      const again = await c.connects.next(40_000, `${c.protocol} channel connect after restart`)
      assert.equal(again.reconnect, true, c.protocol)
    }
    assert.equal(await broadcast(node, 'chat/restart', { text: 'back' }), 201)
    for (const c of clients) {
      assert.deepEqual(await c.messages.next(8_000, `${c.protocol} broadcast after restart`), { text: 'back' }, c.protocol)
    }
  } finally {
    for (const c of clients) c.cable.disconnect()
  }
})
