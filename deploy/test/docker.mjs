// The compose project as the scenario sees it: containers by service (compose labels), health, each
// gateway's metrics read inside its container, the cluster size from Hazelcast's member list in the logs.
// Every call is bounded; the project comes from COMPOSE_PROJECT_NAME (deploy/test/run.sh sets it).
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const exec = promisify(execFile)
export const PROJECT = process.env.COMPOSE_PROJECT_NAME

export async function run(cmd, args, timeout = 60_000) {
  const { stdout } = await exec(cmd, args, { timeout, maxBuffer: 64 * 1024 * 1024 })
  return stdout.trim()
}

export const docker = (args, timeout) => run('docker', args, timeout)

/** Running containers of one service, as [{id, name}] sorted by name (gateway_1, gateway_2, …). */
export async function containers(service, all = false) {
  const out = await docker(['ps', ...(all ? ['-a'] : []), '--format', '{{.ID}} {{.Names}}',
    '--filter', `label=com.docker.compose.project=${PROJECT}`,
    '--filter', `label=com.docker.compose.service=${service}`])
  return out ? out.split('\n').map(line => {
    const [id, name] = line.split(' ')
    return { id, name }
  }).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true })) : []
}

/** {status, health} of a container; health is '' for an image without a healthcheck. */
export async function state(c) {
  const out = await docker(['inspect', '-f', '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}', c.id])
  const [status, health = ''] = out.split(' ')
  return { status, health }
}

/** A gateway's Action Cable sessions now (anycable_go_clients_num, read inside its container). */
export async function clientsNum(c) {
  const text = await docker(['exec', c.id, 'curl', '-fsS', '--max-time', '5', 'http://127.0.0.1:8080/metrics'], 15_000)
  const match = text.match(/^anycable_go_clients_num(?:\{[^}]*\})?\s+(\S+)/m)
  if (!match) throw new Error(`${c.name}: no anycable_go_clients_num in /metrics`)
  return Number(match[1])
}

/** The size in the last Hazelcast member list a container logged ("Members {size:5, ver:5} […]"). */
export async function clusterSize(c) {
  const { stdout, stderr } = await exec('docker', ['logs', c.id], { timeout: 30_000, maxBuffer: 64 * 1024 * 1024 })
  const sizes = [...(stdout + stderr).matchAll(/Members \{size:(\d+)/g)].map(m => Number(m[1]))
  return sizes.length ? sizes[sizes.length - 1] : 0
}

/** Polls `probe` until it returns a truthy value; fails after `ms` naming `what` and the last value seen. */
export async function until(ms, what, probe, everyMs = 500) {
  const deadline = Date.now() + ms
  let last
  for (;;) {
    try {
      last = await probe()
      if (last) return last
    } catch (err) {
      last = err.message
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what} (last: ${JSON.stringify(last)})`)
    await new Promise(resolve => setTimeout(resolve, everyMs))
  }
}
