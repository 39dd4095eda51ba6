// Issue 11's fault scenario with the real @anycable/web client: 3 clustered nodes with the memory broker,
// extended-protocol clients spread over them behind a TCP balancer each, broadcasts posted round robin to the
// live nodes at a steady rate, node 3 SIGKILLed a few seconds in. The library's own reconnect, session
// restore (?sid=) and history request (stream positions) must bring every client every acknowledged message
// of each stream it follows exactly once, in offset order. The Java twin is ClusterStreamFaultTest.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startCluster } from '../lib/cluster.mjs'
import { startBalancer } from '../lib/balancer.mjs'
import { Ledger, Follower, formatReport } from '../lib/delivery.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, broadcast, sleep, within } from '../lib/cable.mjs'
import { anyCable } from '../lib/anycable-client.mjs'

const EXT = 'actioncable-v1-ext-json'
// History far larger than the run (~500 posts over all streams), so a resume is always served by position.
const FLAGS = [`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`, '--broker=memory', '--history_limit=2000']
const STREAMS = 6
const CLIENTS = 36
/** Broadcasts per second over all streams, as in the Java suite. */
const RATE = 40
const PUBLISH_MS = 14_000
const KILL_AT_MS = 4_000
/** Bound for every client to hold every acknowledged message once publishing stopped. */
const SETTLE_MS = 25_000
const QUIET_MS = 1_000

let cluster
const balancers = []

before(async () => {
  cluster = await startCluster(3, FLAGS)
  // One balancer per node, as a client group's sticky route: its node first, then the others in order.
  for (let k = 0; k < cluster.nodes.length; k++) {
    const order = [...cluster.nodes.slice(k), ...cluster.nodes.slice(0, k)]
    balancers.push(await startBalancer(() => order))
  }
}, { timeout: 150_000 })

after(async () => {
  await Promise.all(balancers.map(b => b.close()))
  await cluster?.close()
})

/**
 * Client i goes through node (i mod 3)'s balancer and follows 2 or 3 streams, spread so that every stream
 * has followers on every node. Resolves once every subscription is confirmed.
 */
async function startClients(streams, victim) {
  const clients = []
  for (let i = 0; i < CLIENTS; i++) {
    const k = i % cluster.nodes.length
    const node = cluster.nodes[k]
    const followed = []
    for (let j = 0; j < 2 + (i % 2); j++) followed.push(streams[(Math.floor(i / 3) + 2 * j) % streams.length])
    const group = node === victim ? `moved-from-${node.name}` : `stayed-on-${node.name}`
    const follower = new Follower(`c${i}@${node.name}`, group, followed)
    const cable = anyCable(`ws://127.0.0.1:${balancers[k].port}/cable?jid=${jwt({ user_id: 5000 + i })}`, EXT)
    cable.on('disconnect', () => follower.disconnected())
    cable.on('connect', event => follower.connected(event))
    const channels = followed.map(stream => {
      const channel = cable.streamFromSigned(signStream(stream))
      channel.on('message', (message, meta) => {
        assert.equal(message.stream, stream, 'a message arrives on the subscription of its stream')
        follower.received(stream, message.seq, meta)
      })
      channel.on('info', event => {
        if (event.type === 'history_not_found') follower.rejectHistory++
      })
      return channel
    })
    clients.push({ cable, follower, channels })
  }
  await within(30_000, 'every subscription confirmed', resolve =>
    Promise.all(clients.flatMap(c => c.channels.map(ch => ch.ensureSubscribed()))).then(resolve))
  return clients
}

/**
 * Posts {stream, seq} to each stream at RATE / STREAMS per second until `stopAt`, round robin over the live
 * nodes (shifted per stream, so consecutive messages of a stream enter through different nodes). A stream's
 * next post waits for the previous answer, so seq order is the order the cluster accepted them in; only a
 * 201 counts as acknowledged, nothing is retried.
 */
async function publish(ledger, streams, stopAt) {
  const period = (1000 * streams.length) / RATE
  const start = Date.now()
  await Promise.all(streams.map(async (stream, index) => {
    for (let seq = 0; ; seq++) {
      const due = start + period * (seq + index / streams.length)
      if (due >= stopAt) return
      await sleep(due - Date.now())
      const live = cluster.live
      const node = live[(seq + index) % live.length]
      let status
      try {
        status = await broadcast(node, stream, { stream, seq })
      } catch (err) {
        status = err.name
      }
      ledger.posted(stream, seq, status)
    }
  }))
}

test('a SIGKILLed node: every @anycable/web client gets every acknowledged message once, in order',
  { timeout: 120_000 }, async () => {
    const started = Date.now()
    const streams = Array.from({ length: STREAMS }, (_, i) => `fault/${i}`)
    const victim = cluster.nodes[2]
    const ledger = new Ledger(streams)
    const clients = await startClients(streams, victim)
    const subscribedMs = Date.now() - started
    try {
      const stopAt = Date.now() + PUBLISH_MS
      const publishing = publish(ledger, streams, stopAt)
      await sleep(KILL_AT_MS)
      const atKill = ledger.posts
      await victim.kill()
      await publishing

      const settleStart = Date.now()
      const followers = clients.map(c => c.follower)
      const settled = () => followers.every(f => f.disconnectedAt === null && ledger.caughtUp(f))
      while (!settled() && Date.now() - settleStart < SETTLE_MS) await sleep(200)
      const settleMs = Date.now() - settleStart
      // Late duplicates would arrive now.
      await sleep(QUIET_MS)

      const rows = ledger.report(followers)
      const alarms = cluster.live.flatMap(node => node.alarms.map(line => `${node.name}: ${line}`))
      const text = [
        `FAULT REPORT @anycable/web, ${cluster.nodes.length} nodes, ${CLIENTS} clients, ${STREAMS} streams, ${RATE}/s`,
        `posts ${ledger.posts} ${JSON.stringify(ledger.statuses)}; ${victim.name} SIGKILL at post ${atKill};` +
          ` subscribed in ${subscribedMs} ms, settled ${settleMs} ms after the last post; total ${Date.now() - started} ms`,
        formatReport(rows),
        alarms.length ? `survivors printed:\n${alarms.join('\n')}` : 'survivors printed no SEVERE line'
      ].join('\n')
      console.log(text)

      assert.ok(ledger.statuses[201] > ledger.posts * 0.9, `most posts acknowledged\n${text}`)
      for (const r of rows) {
        assert.deepEqual([r.lost, r.duplicated, r.outOfOrder, r.rejectHistory], [0, 0, 0, 0],
          `${r.group}: lost, dup, out of order, reject_history\n${text}`)
      }
      for (const f of followers.filter(f => f.group.startsWith('moved'))) {
        assert.ok(f.reconnects.length > 0, `${f.label} reconnected to a survivor\n${text}`)
      }
      assert.deepEqual(alarms, [], 'no SEVERE line on the survivors')
    } finally {
      for (const c of clients) c.cable.disconnect()
    }
  })
