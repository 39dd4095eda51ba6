// The real @anycable/web client, with both of its JSON protocols, against a node started from the built jar.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, broadcast, Inbox, incoming, within, sleep, bounded } from '../lib/cable.mjs'
import { NoopLogger } from '@anycable/core'
import { anyCable, PROTOCOLS } from '../lib/anycable-client.mjs'

const STEP_MS = 8000
let node
let nextUser = 2000

before(async () => {
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
})


function listen(channel) {
  const messages = new Inbox()
  channel.on('message', message => messages.push(message))
  return messages
}

async function waitForFrame(cable, predicate, what) {
  const deadline = Date.now() + STEP_MS
  while (Date.now() < deadline) {
    if (cable.frames.some(predicate)) return
    await sleep(20)
  }
  throw new Error(`timed out waiting for ${what}`)
}

for (const protocol of PROTOCOLS) {
  describe(`@anycable/web with ${protocol}`, () => {
    const url = () => `${node.wsUrl}?jid=${jwt({ user_id: nextUser++ })}`

    test('streamFromSigned receives a broadcast, and nothing after the channel disconnects', { timeout: 20_000 }, async () => {
      const cable = anyCable(url(), protocol)
      try {
        const channel = cable.streamFromSigned(signStream('chat/42'))
        const messages = listen(channel)
        await bounded(channel.ensureSubscribed(), 'subscription confirmation')
        assert.equal(cable.frames.find(f => f.dir === 'accepted').data, `protocol=${JSON.stringify(protocol)}`)
        const welcome = incoming(cable.frames)[0]
        assert.equal(welcome.type, 'welcome')
        if (protocol.includes('-ext-')) assert.equal(typeof welcome.sid, 'string', 'ext welcome carries sid')

        assert.equal(await broadcast(node, 'chat/42', { text: 'hi' }), 201)
        assert.deepEqual(await messages.next(STEP_MS, 'the broadcast'), { text: 'hi' })

        channel.disconnect()
        await waitForFrame(cable, f => f.dir === 'out' && JSON.parse(f.data).command === 'unsubscribe', 'the unsubscribe command')
        // Commands of one connection run in order: once this confirms, the unsubscribe took effect.
        await bounded(cable.streamFromSigned(signStream('barrier/1')).ensureSubscribed(), 'barrier confirmation')
        assert.equal(await broadcast(node, 'chat/42', { text: 'after unsubscribe' }), 201)
        assert.deepEqual(await messages.quietFor(1000), [])
      } finally {
        cable.disconnect()
      }
    })

    test('reconnecting the cable resubscribes and receives again', { timeout: 20_000 }, async () => {
      const cable = anyCable(url(), protocol)
      try {
        const channel = cable.streamFromSigned(signStream('chat/reconnect'))
        const messages = listen(channel)
        const connects = new Inbox()
        channel.on('connect', event => connects.push(event))
        await bounded(channel.ensureSubscribed(), 'subscription confirmation')
        assert.deepEqual(await connects.next(STEP_MS, 'first connect'), { reconnect: false, restored: false })

        cable.disconnect()
        await bounded(cable.connect(), 'reconnection')
        const again = await connects.next(STEP_MS, 'channel connect after reconnect')
        assert.equal(again.reconnect, true)
        assert.equal(cable.frames.filter(f => f.dir === 'accepted').length, 2, 'a second WebSocket was opened')

        assert.equal(await broadcast(node, 'chat/reconnect', { text: 'again' }), 201)
        assert.deepEqual(await messages.next(STEP_MS, 'the broadcast after reconnect'), { text: 'again' })
      } finally {
        cable.disconnect()
      }
    })

    for (const strategy of ['header', 'sub-protocol']) {
      test(`a token passed with websocketAuthStrategy ${strategy} is accepted`, { timeout: 20_000 }, async () => {
        const cable = anyCable(node.wsUrl, protocol, {
          auth: { token: jwt({ user_id: nextUser++ }) },
          websocketAuthStrategy: strategy
        })
        try {
          const channel = cable.streamFromSigned(signStream('chat/auth'))
          const messages = listen(channel)
          await bounded(channel.ensureSubscribed(), 'subscription confirmation')
          assert.equal(cable.frames.find(f => f.dir === 'accepted').data, `protocol=${JSON.stringify(protocol)}`)
          assert.equal(await broadcast(node, 'chat/auth', { text: strategy }), 201)
          assert.deepEqual(await messages.next(STEP_MS, 'the broadcast'), { text: strategy })
        } finally {
          cable.disconnect()
        }
      })
    }

    test('a bad token closes the cable with reason unauthorized and no reconnect', { timeout: 20_000 }, async () => {
      const badUrl = `${node.wsUrl}?jid=${jwt({ user_id: nextUser++ }, { secret: 'not-the-secret' })}`
      const cable = anyCable(badUrl, protocol)
      try {
        const closed = within(STEP_MS, 'the cable close event', resolve => cable.on('close', resolve))
        cable.connect().catch(() => {})
        const err = await closed
        assert.equal(err.reason, 'unauthorized')
        assert.equal(cable.state, 'closed')
        assert.deepEqual(incoming(cable.frames), [{ type: 'disconnect', reason: 'unauthorized', reconnect: false }])
        await sleep(1500)
        assert.equal(cable.frames.filter(f => f.dir === 'open').length, 1, 'the client did not reconnect')
      } finally {
        cable.disconnect()
      }
    })

    test('a bad stream signature rejects the subscription, the cable keeps serving', { timeout: 20_000 }, async () => {
      // The client logs every rejection as an error; here it is the expected outcome.
      const cable = anyCable(url(), protocol, { logger: new NoopLogger() })
      try {
        const channel = cable.streamFromSigned(signStream('chat/42', 'not-the-secret'))
        await assert.rejects(bounded(channel.ensureSubscribed(), 'subscription rejection'),
          err => err.name === 'SubscriptionRejectedError')
        assert.ok(incoming(cable.frames).some(f => f.type === 'reject_subscription'))
        await bounded(cable.streamFromSigned(signStream('barrier/2')).ensureSubscribed(), 'barrier confirmation')
      } finally {
        cable.disconnect()
      }
    })
  })
}
