// A real redis-server for one test file, on a free loopback port, killed afterwards; redis-cli plays the worker.
import { spawn, execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { freePort } from './node.mjs'

const run = promisify(execFile)
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms))

export class RedisServer {
  constructor(port) {
    this.port = port
    this.child = null
  }

  get url() {
    return `redis://127.0.0.1:${this.port}`
  }

  /** redis-cli with these arguments; resolves with its trimmed output. */
  async cli(...args) {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), ...args], { timeout: 5000 })
    return stdout.trim()
  }

  async start() {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '',
      '--appendonly', 'no'], { stdio: 'ignore' })
    process.on('exit', () => this.child?.kill('SIGKILL'))
    const deadline = Date.now() + 10_000
    while (Date.now() < deadline) {
      try {
        if (await this.cli('PING') === 'PONG') return this
      } catch {}
      await sleep(50)
    }
    throw new Error(`redis-server did not start on port ${this.port} (is the redis-server package installed?)`)
  }

  async stop() {
    const child = this.child
    this.child = null
    if (!child || child.exitCode !== null) return
    const exited = new Promise(resolve => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
}

export async function startRedis() {
  return new RedisServer(await freePort()).start()
}
