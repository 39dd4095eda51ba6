// The live status page (/_status) in Debian's headless Chromium against 3 clustered nodes from the jar: the
// page served by node 1 lists all three members, and node 2's connection count rises in the page when
// plain WebSocket clients and the real @anycable/web client connect to node 2. Leaves a screenshot in
// e2e/output/status-page.png (docs/status-page.png is a copy of one).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import WebSocket from 'ws'
import { startCluster } from '../lib/cluster.mjs'
import { launchBrowser } from '../lib/browser.mjs'
import { anyCable } from '../lib/anycable-client.mjs'
import { BROADCAST_KEY, broadcast, within } from '../lib/cable.mjs'

const OUTPUT = fileURLToPath(new URL('../output/', import.meta.url))
// No --public: it leaves /_broadcast unkeyed on 8090, which three nodes on one host cannot share.
const FLAGS = ['--noauth', '--public_streams=true', `--broadcast_key=${BROADCAST_KEY}`, '--metrics_http=/metrics']
const STREAM = 'status-room'
const IDENTIFIER = JSON.stringify({ channel: '$pubsub', stream_name: STREAM })
const WS_CLIENTS = 3

let cluster
let browser
const closers = []

before(async () => {
  cluster = await startCluster(3, FLAGS)
  browser = await launchBrowser()
}, { timeout: 120_000 })

after(async () => {
  for (const close of closers) await close()
  await browser?.close()
  await cluster?.close()
})

/** A plain `ws` client on `node`, subscribed to STREAM; resolves once the subscription is confirmed. */
function wsSubscriber(node) {
  const socket = new WebSocket(node.wsUrl, 'actioncable-v1-json')
  closers.push(async () => socket.terminate())
  return within(10_000, `a ws subscription on ${node.name}`, done => {
    socket.on('message', raw => {
      const message = JSON.parse(raw.toString())
      if (message.type === 'welcome') socket.send(JSON.stringify({ command: 'subscribe', identifier: IDENTIFIER }))
      if (message.type === 'confirm_subscription') done()
    })
  })
}

/** The connections the page shows for the member listening at `node`'s port (NaN while it is not shown). */
function shownConnections(page, node) {
  return page.evaluate(address => {
    const cell = document.querySelector(`#members tr[data-address="${address}"] td[data-field="connections"]`)
    return cell ? Number(cell.dataset.value) : NaN
  }, `127.0.0.1:${node.port}`)
}

test('the status page lists three members and shows connections rising on another node', { timeout: 60_000 }, async () => {
  const [first, second] = cluster.nodes
  const page = await browser.newPage()
  await page.goto(`${first.httpUrl}/_status`)
  // Three answering rows, one per member (a "no answer" row has no connections cell).
  await page.waitForFunction(() => document.querySelectorAll('#members td[data-field="connections"]').length === 3,
    null, { timeout: 20_000 })
  const addresses = await page.$$eval('#members tr[data-address]', rows => rows.map(row => row.dataset.address))
  assert.deepEqual(addresses.sort(), cluster.nodes.map(node => `127.0.0.1:${node.port}`).sort())
  const before = await shownConnections(page, second)
  assert.equal(before, 0, 'no client is connected to node 2 yet')

  for (let i = 0; i < WS_CLIENTS; i++) await wsSubscriber(second)
  const cable = anyCable(second.wsUrl, 'actioncable-v1-json')
  closers.push(async () => cable.disconnect())
  const channel = cable.streamFrom(STREAM)
  await channel.ensureSubscribed()
  const expected = before + WS_CLIENTS + 1

  await page.waitForFunction(({ address, count }) => {
    const cell = document.querySelector(`#members tr[data-address="${address}"] td[data-field="connections"]`)
    return cell && Number(cell.dataset.value) === count
  }, { address: `127.0.0.1:${second.port}`, count: expected }, { timeout: 15_000 })
  // Some traffic for the rate charts, posted to node 1 and delivered to node 2's subscribers.
  for (let i = 0; i < 5; i++) assert.equal(await broadcast(first, STREAM, { n: i }), 201)
  await page.waitForFunction(stream => [...document.querySelectorAll('#streams td')].some(td => td.textContent === stream),
    STREAM, { timeout: 10_000 })
  // Node 2's gateway received them: its delivery rate shows on the next poll.
  await page.waitForFunction(address => {
    const cell = document.querySelector(`#members tr[data-address="${address}"] td[data-field="delivery_rate"]`)
    return cell && Number(cell.textContent) > 0
  }, `127.0.0.1:${second.port}`, { timeout: 10_000 })
  const subscribers = await page.$eval('#streams tbody tr td:nth-child(2)', td => td.textContent)
  assert.equal(subscribers, String(expected), 'every client on node 2 holds the top stream')

  mkdirSync(OUTPUT, { recursive: true })
  await page.screenshot({ path: `${OUTPUT}status-page.png`, fullPage: true })
})
