// Chromium's native EventSource follows a signed stream over SSE from a page on another (allowed) origin,
// and resumes with Last-Event-ID after the node restarts: every message posted before and after the restart
// arrives exactly once.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { CableNode, freePort } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, signStream, jwt, broadcast } from '../lib/cable.mjs'
import { launchBrowser } from '../lib/browser.mjs'

const STREAM = 'chat/sse'
const EVENTS = ['welcome', 'confirm_subscription', 'confirm_history', 'reject_history', 'disconnect']
let node
let site
let browser

// The page records every event it gets; the test reads window.seen.
function page(url) {
  return `<!doctype html><meta charset="utf-8"><title>sse</title><script>
window.seen = []
const source = new EventSource(${JSON.stringify(url)})
source.addEventListener('message', e => window.seen.push({ type: 'message', data: JSON.parse(e.data), id: e.lastEventId }))
for (const type of ${JSON.stringify(EVENTS)}) {
  source.addEventListener(type, e => window.seen.push({ type, data: JSON.parse(e.data) }))
}
source.onerror = () => window.seen.push({ type: 'error', readyState: source.readyState })
</script>`
}

before(async () => {
  const sitePort = await freePort()
  const nodePort = await freePort()
  node = await new CableNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`, '--sse', '--broker=memory',
    `--allowed_origins=127.0.0.1:${sitePort}`], nodePort).start()
  const url = `${node.httpUrl}/events?signed_stream=${encodeURIComponent(signStream(STREAM))}` +
    `&jid=${jwt({ user_id: 7 })}`
  site = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end(page(url))
  })
  await new Promise(resolve => site.listen(sitePort, '127.0.0.1', resolve))
  browser = await launchBrowser()
}, { timeout: 90_000 })

after(async () => {
  await browser?.close()
  site?.close()
  await node?.stop()
})

const seen = async tab => tab.evaluate(() => window.seen)
const count = (events, type) => events.filter(e => e.type === type).length

/** Waits until the page has seen `n` events of `type`. */
async function waitFor(tab, type, n, timeout) {
  await tab.waitForFunction(([t, k]) => window.seen.filter(e => e.type === t).length >= k, [type, n],
    { timeout, polling: 50 })
}

test('EventSource follows a signed stream across a node restart, every message exactly once', { timeout: 60_000 }, async () => {
  const tab = await browser.newPage()
  await tab.goto(`http://127.0.0.1:${site.address().port}/`)
  await waitFor(tab, 'confirm_subscription', 1, 10_000)

  for (const n of [1, 2, 3]) assert.equal(await broadcast(node, STREAM, { n }), 201)
  await waitFor(tab, 'message', 3, 10_000)

  await node.restart()
  // EventSource reconnects on its own (its default retry), sending Last-Event-ID: 3/<old epoch>/chat/sse.
  await waitFor(tab, 'confirm_subscription', 2, 30_000)
  const history = await tab.waitForFunction(() => window.seen.filter(e => e.type === 'confirm_subscription').length === 2 &&
    window.seen.slice(window.seen.findLastIndex(e => e.type === 'confirm_subscription'))
      .find(e => e.type === 'confirm_history' || e.type === 'reject_history'), null, { timeout: 10_000, polling: 50 })
  assert.ok(await history.jsonValue(), 'the reconnect carried Last-Event-ID: the node answered its history request')

  for (const n of [4, 5, 6]) assert.equal(await broadcast(node, STREAM, { n }), 201)
  // A last message marks the end: nothing posted before it may still be on its way.
  assert.equal(await broadcast(node, STREAM, { n: 'end' }), 201)
  await tab.waitForFunction(() => window.seen.some(e => e.type === 'message' && e.data.n === 'end'), null,
    { timeout: 10_000, polling: 50 })

  const events = await seen(tab)
  const messages = events.filter(e => e.type === 'message')
  assert.deepEqual(messages.map(m => m.data.n), [1, 2, 3, 4, 5, 6, 'end'], JSON.stringify(events))
  assert.ok(events.some(e => e.type === 'disconnect' && e.data.reason === 'server_restart' && e.data.reconnect === true),
    'the draining node said server_restart over SSE')
  assert.equal(count(events, 'welcome'), 2)
  for (const m of messages) assert.match(m.id, /^\d+\/[^/]+\/chat\/sse$/)
  const epochs = new Set(messages.map(m => m.id.split('/')[1]))
  assert.equal(epochs.size, 2, 'the restarted memory broker numbers the stream under a new epoch')
})
