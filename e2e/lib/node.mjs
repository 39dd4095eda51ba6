// Starts a cable node from the built artifact as a child process and guarantees it is stopped.
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const JAR = process.env.CABLE_JAR ||
  fileURLToPath(new URL('../../node/target/cable-cluster.jar', import.meta.url))

// CABLE_NODE_COMMAND replaces `java -jar <jar>` (space-separated), e.g. to run this suite against another
// AnyCable-compatible server that accepts the same flags.
const COMMAND = process.env.CABLE_NODE_COMMAND ? process.env.CABLE_NODE_COMMAND.split(' ') : ['java', '-jar', JAR]

const STARTUP_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 10_000
const running = new Set()

// Safety net: a test runner that dies must not leave JVMs behind.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => process.exit(130))
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

async function healthOk(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await res.arrayBuffer()
    return res.status === 200
  } catch {
    return false
  }
}

/**
 * A node process on a fixed loopback port. start() spawns the jar and resolves once GET /health answers
 * 200; stop() sends SIGTERM (graceful drain) and SIGKILLs after a bound; kill() is a crash. restart() keeps
 * the port so clients can reconnect to the same URL. Options: `env` (the child then sees none of this
 * process's ANYCABLE_/CABLE_ variables, only these: a cluster member must not pick up a stray setting),
 * `javaOptions` (before -jar), `onLine` (called with every output line, e.g. to follow the member count).
 */
export class CableNode {
  constructor(flags, port, { env, javaOptions = [], onLine } = {}) {
    this.flags = flags
    this.port = port
    this.env = env
    this.javaOptions = javaOptions
    this.onLine = onLine
    this.child = null
    this.output = ''
  }

  get httpUrl() {
    return `http://127.0.0.1:${this.port}`
  }

  get wsUrl() {
    return `ws://127.0.0.1:${this.port}/cable`
  }

  async start() {
    if (!process.env.CABLE_NODE_COMMAND && !existsSync(JAR)) {
      throw new Error(`${JAR} is missing: build it first (mvn -B verify, or mvn -B -q package -DskipTests)`)
    }
    const command = process.env.CABLE_NODE_COMMAND ? COMMAND : [COMMAND[0], ...this.javaOptions, ...COMMAND.slice(1)]
    const args = [...command.slice(1), '--host=127.0.0.1', `--port=${this.port}`, ...this.flags]
    const env = this.env ? { ...withoutCableSettings(process.env), ...this.env } : process.env
    const child = spawn(command[0], args, { stdio: ['ignore', 'pipe', 'pipe'], env })
    this.child = child
    running.add(child)
    let exited = null
    let partial = ''
    const collect = chunk => {
      const text = chunk.toString()
      // Bounded: keep the tail only, enough to diagnose a failure.
      this.output = (this.output + text).slice(-20_000)
      if (!this.onLine) return
      const lines = (partial + text).split('\n')
      partial = lines.pop().slice(-10_000)
      for (const line of lines) this.onLine(line)
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    child.on('exit', (code, signal) => {
      exited = { code, signal }
      running.delete(child)
    })
    const deadline = Date.now() + STARTUP_TIMEOUT_MS
    while (Date.now() < deadline) {
      if (exited) {
        throw new Error(`node exited during startup (${JSON.stringify(exited)}):\n${this.output}`)
      }
      if (await healthOk(`${this.httpUrl}/health`)) return this
      await sleep(100)
    }
    await this.stop()
    throw new Error(`node did not answer GET /health within ${STARTUP_TIMEOUT_MS} ms:\n${this.output}`)
  }

  async stop() {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
    await exited
    clearTimeout(timer)
  }

  /** SIGKILL: no drain, no goodbye to the cluster, like a crash. Resolves once the process is gone. */
  async kill() {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }

  get alive() {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null
  }

  async restart() {
    await this.stop()
    await this.start()
  }
}

function withoutCableSettings(env) {
  return Object.fromEntries(Object.entries(env).filter(([k]) =>
    !k.startsWith('ANYCABLE_') && !k.startsWith('CABLE_') && k !== 'REDIS_URL'))
}

/** Starts a node with the given flags on a free port. */
export async function startNode(flags = []) {
  const node = new CableNode(flags, await freePort())
  return node.start()
}
