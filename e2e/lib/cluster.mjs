// N node JVMs from the jar joined into one Hazelcast cluster on loopback, the way the Java suites'
// LocalCluster starts them (node/src/test/java/io/cablecluster/node/cluster/LocalCluster.java).
import { createServer } from 'node:net'
import { randomUUID } from 'node:crypto'
import { CableNode, freePort } from './node.mjs'
import { sleep } from './cable.mjs'

// As NodeJvm: small heaps and a single-threaded GC, since three members share a two-core box with the tests.
const JAVA_OPTIONS = ['-Xmx256m', '-XX:+UseSerialGC', '-Xss512k']
const MEMBERS = /Members \{size:(\d+), ver:\d+}/
// Peer-death noise (a connection reset, a double answer, Vert.x's "Promise already completed") is logged
// as WARNING by the node (docs/CLUSTER.md, "Logs when a peer dies"), so SEVERE means something went wrong.
const ALARMING = /SEVERE/
const HAZELCAST_BASE = 15701

function portFree(port) {
  return new Promise(resolve => {
    const probe = createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** The first of `count` consecutive free ports above Hazelcast's 5701 (random start: fewer clashes with other runs). */
async function hazelcastBlock(count) {
  const start = HAZELCAST_BASE + Math.floor(Math.random() * 400) * 10
  for (let base = start; base < 40_000; base += count) {
    let free = true
    for (let port = base; free && port < base + count; port++) free = await portFree(port)
    if (free) return base
  }
  throw new Error(`no block of ${count} free ports above ${start}`)
}

/** One member: a CableNode that remembers its name, the last member count it printed and its alarming lines. */
class Member extends CableNode {
  constructor(name, flags, port, env) {
    super(flags, port, {
      env,
      javaOptions: JAVA_OPTIONS,
      onLine: line => {
        const members = MEMBERS.exec(line)
        if (members) this.members = Number(members[1])
        if (ALARMING.test(line) && this.alarms.length < 20) this.alarms.push(line)
      }
    })
    this.name = name
    this.members = 0
    this.alarms = []
  }
}

/**
 * Starts `size` members with CABLE_CLUSTER=local, a private cluster name and a private Hazelcast port block
 * (concurrent runs on the box never merge), resolves once each answers /health and sees `size` members.
 */
export async function startCluster(size, flags) {
  const spare = size + 2
  const env = {
    CABLE_CLUSTER: 'local',
    CABLE_CLUSTER_NAME: `e2e-${randomUUID()}`,
    CABLE_CLUSTER_PORT: String(await hazelcastBlock(spare)),
    CABLE_CLUSTER_PORT_COUNT: String(spare)
  }
  const nodes = []
  for (let i = 1; i <= size; i++) {
    nodes.push(new Member(`node${i}`, ['--http_instances=1', ...flags], await freePort(), env))
  }
  const cluster = new Cluster(nodes)
  try {
    // In parallel: on two cores a member takes 10-20 s to start, and they find each other as they come up.
    await Promise.all(nodes.map(node => node.start()))
    await cluster.awaitMembers(size, 60_000)
  } catch (err) {
    await cluster.close()
    throw err
  }
  return cluster
}

export class Cluster {
  constructor(nodes) {
    this.nodes = nodes
  }

  get live() {
    return this.nodes.filter(node => node.alive)
  }

  /** Every live member's latest member list has `size` members. */
  async awaitMembers(size, ms) {
    const deadline = Date.now() + ms
    while (!this.live.every(node => node.members === size)) {
      if (Date.now() > deadline) {
        const seen = this.live.map(node => `${node.name}: ${node.members}`).join(', ')
        throw new Error(`no cluster of ${size} members within ${ms} ms (${seen})\n${this.live[0]?.output.slice(-4000)}`)
      }
      await sleep(200)
    }
  }

  async close() {
    await Promise.all(this.nodes.map(node => node.kill()))
  }
}
