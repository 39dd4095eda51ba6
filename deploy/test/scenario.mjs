// The compose scenario with real @anycable/web clients (extended protocol) through HAProxy on 127.0.0.1.
// deploy/test/run.sh has run `up --scale gateway=3`; this checks health and cluster size, spreads clients
// over the gateways, broadcasts through the balancer and through the compose Redis (design:jobs), kills
// one gateway and stops another while broadcasts flow (nothing lost, server_restart before the close), and
// scales to 5 gateways that then take new clients. Prints one line per step with its duration.
import { createHmac } from 'node:crypto'
import { signStream, jwt, broadcast, sleep, within } from '../../e2e/lib/cable.mjs'
import { anyCable } from '../../e2e/lib/anycable-client.mjs'
import { Ledger, Follower, formatReport } from '../../e2e/lib/delivery.mjs'
import { PROJECT, run, docker, containers, state, clientsNum, clusterSize, until } from './docker.mjs'

const LB = { httpUrl: process.env.LB_URL }
const SECRET = process.env.ANYCABLE_SECRET
// The key the broadcaster derives from the secret (broadcaster's BroadcastHttpConfig, AnyCable-Go's rule).
const BROADCAST_KEY = createHmac('sha256', SECRET).update('broadcast-cable').digest('hex')
const STREAMS = ['room/0', 'room/1', 'room/2']
const FIRST_CLIENTS = 18
const JOB_ID = String(40000 + (process.pid % 10000))
const JOB_STREAM = `design:jobs:${JOB_ID}`

// What was acknowledged per stream; clients opened after the scale-up count from a ledger of their own.
const ledger = new Ledger(STREAMS)
const ledgers = [ledger]
const nextSeq = Object.fromEntries(STREAMS.map(s => [s, 0]))
const clients = []
const results = []

async function step(name, fn) {
  const started = Date.now()
  try {
    const detail = await fn()
    results.push(true)
    console.log(`ok   ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${detail ? `\n     ${detail}` : ''}`)
  } catch (err) {
    results.push(false)
    console.log(`FAIL ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n     ${err.stack || err}`)
    throw err
  }
}

/** One @anycable/web client: follows two room streams and the job's stream, all signed. */
function openClient(i, clientLedger = ledger) {
  const followed = [STREAMS[i % 3], STREAMS[(i + 1) % 3]]
  const follower = new Follower(`c${i}`, 'all', followed)
  const cable = anyCable(`ws://127.0.0.1:${new URL(LB.httpUrl).port}/cable?jid=${jwt({ user_id: i }, { secret: SECRET })}`,
    'actioncable-v1-ext-json')
  cable.on('disconnect', () => follower.disconnected())
  cable.on('connect', event => follower.connected(event))
  const channels = followed.map(stream => {
    const channel = cable.streamFromSigned(signStream(stream, SECRET))
    channel.on('message', (message, meta) => follower.received(stream, message.seq, meta))
    return channel
  })
  const client = { i, cable, follower, job: [], ledger: clientLedger }
  const job = cable.streamFromSigned(signStream(JOB_STREAM, SECRET))
  job.on('message', message => client.job.push(message))
  channels.push(job)
  client.subscribed = Promise.all(channels.map(ch => ch.ensureSubscribed()))
  clients.push(client)
  return client
}

/** Posts one message per stream through HAProxy; only a 201 counts as acknowledged. */
async function postRound() {
  return Promise.all(STREAMS.map(async stream => {
    const seq = nextSeq[stream]++
    let status
    try {
      status = await broadcast(LB, stream, { stream, seq }, BROADCAST_KEY)
    } catch (err) {
      status = err.name
    }
    for (const l of ledgers) l.posted(stream, seq, status)
    return status
  }))
}

/** A round outside any fault: every post acknowledged. */
async function postAckedRound() {
  const statuses = await postRound()
  if (!statuses.every(s => s === 201)) throw new Error(`POST /_broadcast through HAProxy answered ${statuses}`)
}

/** Posts rounds every 250 ms for `ms` while `during` runs (the fault), then waits for every client. */
async function publishThrough(ms, during) {
  const stopAt = Date.now() + ms
  const publishing = (async () => {
    while (Date.now() < stopAt) {
      await postRound()
      await sleep(250)
    }
  })()
  await during()
  await publishing
  await allCaughtUp(60_000)
}

const allCaughtUp = ms => until(ms, 'every client connected and holding every acknowledged message', () =>
  clients.every(c => c.follower.disconnectedAt === null && c.ledger.caughtUp(c.follower)), 200)

/**
 * Every acknowledged message reached every follower once. While a gateway vanishes, posts to a stream whose
 * home was on it wait for Hazelcast to drop the member (up to 30 s without heartbeats) and time out (5 s)
 * unacknowledged: those may or may not arrive (docs/CLUSTER.md). Outside faults every post must be
 * acknowledged (postAckedRound).
 */
function deliveryReport(label, l = ledger) {
  const followers = clients.filter(c => c.ledger === l).map(c => c.follower)
  const rows = l.report(followers)
  const text = `${label}: posts ${l.posts} ${JSON.stringify(l.statuses)}\n${formatReport(rows)}`
  for (const r of rows) {
    if (r.lost || r.duplicated) throw new Error(`lost or duplicated\n${text}`)
    // Reported, not failed: a container killed with its network (no RST, unlike a killed process) once
    // gave a restored client one message before an earlier one (see deploy/test/TRANSCRIPT.md).
    if (r.outOfOrder) console.log(`     WARNING ${label}: ${r.outOfOrder} out of order in ${r.group}`)
  }
  return text
}

async function spread(gateways) {
  const counts = await Promise.all(gateways.map(clientsNum))
  return gateways.map((g, k) => `${g.name}=${counts[k]}`).join(' ')
}

async function healthyGateways(n) {
  return until(150_000, `${n} healthy gateways`, async () => {
    const gws = await containers('gateway')
    if (gws.length !== n) return false
    const states = await Promise.all(gws.map(state))
    return states.every(s => s.health === 'healthy') && gws
  }, 1000)
}

async function main() {
  let gateways
  await step('up --scale gateway=3: every service healthy, the cluster has 5 members', async () => {
    gateways = await healthyGateways(3)
    for (const service of ['redis', 'broadcaster', 'rpc-bridge']) {
      await until(120_000, `${service} healthy`, async () => {
        const [c] = await containers(service)
        return c && (await state(c)).health === 'healthy'
      }, 1000)
    }
    await until(60_000, 'HAProxy answering /health on 127.0.0.1', async () =>
      (await fetch(`${LB.httpUrl}/health`, { signal: AbortSignal.timeout(3000) })).status === 200)
    const [broadcaster] = await containers('broadcaster')
    const size = await until(60_000, 'a 5-member cluster in the broadcaster log', async () =>
      (await clusterSize(broadcaster)) === 5 && 5)
    const lines = []
    for (const service of ['redis', 'gateway', 'broadcaster', 'rpc-bridge', 'lb']) {
      for (const c of await containers(service)) {
        const s = await state(c)
        lines.push(`${c.name} ${s.status}${s.health ? `/${s.health}` : ''}`)
      }
    }
    return `${lines.join(', ')}; Hazelcast "Members {size:${size}" in ${broadcaster.name}`
  })

  await step(`${FIRST_CLIENTS} @anycable/web clients through HAProxy spread over all 3 gateways`, async () => {
    for (let i = 0; i < FIRST_CLIENTS; i++) openClient(i)
    await within(60_000, 'every subscription confirmed', resolve => Promise.all(clients.map(c => c.subscribed)).then(resolve))
    const counts = await until(20_000, 'clients_num on every gateway adding up to the clients', async () => {
      const n = await Promise.all(gateways.map(clientsNum))
      return n.every(x => x > 0) && n.reduce((a, b) => a + b) === FIRST_CLIENTS && n
    })
    return `clients_num: ${gateways.map((g, k) => `${g.name}=${counts[k]}`).join(' ')}`
  })

  await step('POST /_broadcast through HAProxy reaches every client', async () => {
    await postAckedRound()
    await allCaughtUp(20_000)
    return deliveryReport('after one round')
  })

  await step(`XADD design:jobs id ${JOB_ID} in the compose Redis reaches ${JOB_STREAM} on every client`, async () => {
    const [redis] = await containers('redis')
    const entry = await docker(['exec', redis.id, 'redis-cli', 'XADD', 'design:jobs', '*', 'id', JOB_ID, 'status', 'pending'])
    await until(30_000, `the job message on all ${clients.length} clients`, () =>
      clients.every(c => c.job.some(m => m.id === JOB_ID && m.status === 'pending')), 200)
    return `entry ${entry} -> ${JSON.stringify(clients[0].job[0])} on ${clients.length}/${clients.length} clients`
  })

  await step('docker kill one gateway: its clients reconnect through HAProxy, nothing lost', async () => {
    const victim = gateways[2]
    const before = await clientsNum(victim)
    let killedAt
    await publishThrough(12_000, async () => {
      await sleep(3_000)
      await docker(['kill', victim.id])
      killedAt = Date.now()
    })
    // A killed container takes its network with it (no RST), so Hazelcast drops the member only after
    // hazelcast.max.no.heartbeat.seconds (30 s); the next step starts from the settled 4-member cluster.
    const [broadcaster] = await containers('broadcaster')
    await until(90_000, 'the cluster dropping the killed member (4 members)', async () =>
      (await clusterSize(broadcaster)) === 4, 1000)
    const droppedAfter = ((Date.now() - killedAt) / 1000).toFixed(1)
    const moved = clients.filter(c => c.follower.reconnects.length > 0)
    for (const c of clients) c.follower.group = c.follower.reconnects.length > 0 ? `moved-from-${victim.name}` : 'stayed'
    if (moved.length !== before) throw new Error(`${moved.length} clients reconnected, ${victim.name} had ${before}`)
    const after = (await state(victim)).status
    return `${victim.name} had ${before} clients, ${moved.length} reconnected (${after} after the kill); ` +
      `cluster at 4 members ${droppedAfter} s after the kill; ` +
      `now ${await spread(await containers('gateway'))}\n${deliveryReport('during the kill')}`
  })

  await step('docker stop -t 40 one gateway (SIGTERM): its clients get server_restart first, nothing lost', async () => {
    const live = await containers('gateway')
    const victim = live[live.length - 1]
    const before = await clientsNum(victim)
    const marks = clients.map(c => c.cable.frames.length)
    let stopMs
    await publishThrough(10_000, async () => {
      await sleep(2_000)
      const t0 = Date.now()
      await docker(['stop', '-t', '40', victim.id], 90_000)
      stopMs = Date.now() - t0
    })
    let restarted = 0
    for (const [k, c] of clients.entries()) {
      const fresh = c.cable.frames.slice(marks[k])
      const closed = fresh.findIndex(e => e.dir === 'closed')
      if (closed < 0) continue
      const notice = fresh.findIndex(e => e.dir === 'in' && /"reason":"server_restart"/.test(e.data))
      if (notice < 0 || notice > closed) throw new Error(`c${c.i} was closed without server_restart first`)
      restarted++
    }
    if (restarted !== before) throw new Error(`${restarted} clients got server_restart, ${victim.name} had ${before}`)
    return `${victim.name} had ${before} clients; all ${restarted} got {"type":"disconnect","reason":"server_restart"}` +
      ` before the close; docker stop took ${stopMs} ms; now ${await spread(await containers('gateway'))}\n` +
      deliveryReport('during the stop')
  })

  await step('--scale gateway=5 while running: new gateways join the cluster and take new clients', async () => {
    const before = new Set((await containers('gateway')).map(c => c.id))
    await run('docker-compose', ['up', '-d', '--no-build', '--no-recreate', '--scale', 'gateway=5'], 240_000)
    const gws = await healthyGateways(5)
    const [broadcaster] = await containers('broadcaster')
    await until(60_000, 'a 7-member cluster (5 gateways, broadcaster, rpc-bridge)', async () =>
      (await clusterSize(broadcaster)) === 7)
    const joined = gws.filter(g => !before.has(g.id))
    // HAProxy finds new replicas through Docker's DNS and takes them in after two good checks; new clients
    // come one at a time until every joined gateway holds one (leastconn sends them to the emptiest).
    const first = clients.length
    const lateLedger = new Ledger(STREAMS)
    ledgers.push(lateLedger)
    await until(90_000, 'a new client on every joined gateway', async () => {
      const c = openClient(clients.length, lateLedger)
      c.follower.group = 'new'
      await within(20_000, `c${c.i} subscribed`, resolve => c.subscribed.then(resolve))
      return (await Promise.all(joined.map(clientsNum))).every(n => n > 0)
    }, 300)
    await postAckedRound()
    await allCaughtUp(30_000)
    return `joined: ${joined.map(g => g.name).join(', ')}; ${clients.length - first} new clients; ` +
      `clients_num ${await spread(gws)}\n${deliveryReport('after the scale-up')}\n` +
      deliveryReport('new clients after the scale-up', lateLedger)
  })
}

const started = Date.now()
console.log(`compose project ${PROJECT}, HAProxy at ${LB.httpUrl}`)
let code = 0
try {
  await main()
} catch {
  code = 1
} finally {
  for (const c of clients) c.cable.disconnect()
}
const passed = results.filter(Boolean).length
console.log(`scenario ${((Date.now() - started) / 1000).toFixed(1)} s`)
console.log(`${passed} passed, ${results.length - passed} failed`)
process.exit(code)
