// The seeds' job flow: a worker XADDs to Redis streams, an @anycable/web client watching the job receives it.
import { test, before, after, describe } from 'node:test'
import assert from 'node:assert/strict'
import { startNode } from '../lib/node.mjs'
import { startRedis } from '../lib/redis.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, Inbox, within } from '../lib/cable.mjs'
import { anyCable, PROTOCOLS } from '../lib/anycable-client.mjs'

const STEP_MS = 8000
let redis
let node
let nextJob = 100

before(async () => {
  redis = await startRedis()
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`, `--redis_url=${redis.url}`,
    '--redis_streams_scan_interval_ms=200'])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
  await redis?.stop()
})

for (const protocol of PROTOCOLS) {
  describe(`@anycable/web with ${protocol}`, () => {
    test('the job queue entry and the per-job stream created later both reach the job subscriber', { timeout: 30_000 }, async () => {
      const id = String(nextJob++)
      const cable = anyCable(`${node.wsUrl}?jid=${jwt({ user_id: id })}`, protocol)
      try {
        const channel = cable.streamFromSigned(signStream(`design:jobs:${id}`))
        const messages = new Inbox()
        channel.on('message', message => messages.push(message))
        await within(STEP_MS, 'subscription confirmation', resolve => channel.ensureSubscribed().then(resolve, resolve))

        await redis.cli('XADD', 'design:jobs', '*', 'id', id, 'status', 'pending')
        assert.deepEqual(await messages.next(STEP_MS, 'the queued job'), { id, status: 'pending' })

        await redis.cli('XADD', `design:jobs:${id}`, '*', 'lowres', `https://cdn.test/${id}-low.png`)
        assert.deepEqual(await messages.next(STEP_MS, 'the low-res preview'), { lowres: `https://cdn.test/${id}-low.png` })

        await redis.cli('XADD', `design:jobs:${id}`, '*', 'status', 'done', 'hires', `https://cdn.test/${id}.png`)
        assert.deepEqual(await messages.next(STEP_MS, 'the finished job'), { status: 'done', hires: `https://cdn.test/${id}.png` })
        assert.deepEqual(await messages.quietFor(500), [], 'each entry arrives once')
      } finally {
        cable.disconnect()
      }
    })
  })
}
