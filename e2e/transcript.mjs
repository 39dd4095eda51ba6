// One real @rails/actioncable session, every frame printed both ways (plus the HTTP broadcast).
//
//   node transcript.mjs                         starts a node from ../node/target/cable-cluster.jar
//   node transcript.mjs --url=http://127.0.0.1:8080 [--secret=s3cr3t] [--broadcast_key=bk]
//                                               uses a running node started with the same secret/key
import { parseArgs } from 'node:util'
import { startNode } from './lib/node.mjs'
import { signStream, jwt, within, sleep } from './lib/cable.mjs'
import { ActionCable } from './lib/rails-client.mjs'
import { recordingWebSocket } from './lib/cable.mjs'

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    secret: { type: 'string', default: 's3cr3t' },
    broadcast_key: { type: 'string', default: 'bk' },
    stream: { type: 'string', default: 'chat/42' }
  }
})

let started = Date.now()
// `->` client to server, `<-` server to client, `..` socket lifecycle, blank: what the client code did/saw.
const arrows = { open: '..', accepted: '..', in: '<-', out: '->', closed: '..' }
const labels = { open: 'open ', accepted: 'upgraded, ', closed: 'closed, ' }
function print(dir, text) {
  const ms = String(Date.now() - started).padStart(5)
  console.log(`+${ms} ms  ${arrows[dir] ?? '  '}  ${labels[dir] ?? ''}${text}`)
}

let node = null
let http = opts.url
if (!http) {
  node = await startNode([`--secret=${opts.secret}`, `--broadcast_key=${opts.broadcast_key}`])
  http = node.httpUrl
  console.log(`node up (GET /health 200) after ${Date.now() - started} ms; times below are from here`)
  started = Date.now()
  print('', `started node: ${process.env.CABLE_NODE_COMMAND ?? 'java -jar cable-cluster.jar'} --host=127.0.0.1 --port=${node.port} --secret=${opts.secret} --broadcast_key=${opts.broadcast_key}`)
}
const wsBase = http.replace(/^http/, 'ws').replace(/\/$/, '') + '/cable'

ActionCable.adapters.WebSocket = recordingWebSocket([], entry => print(entry.dir, entry.data))

async function postBroadcast(body) {
  print('out', `POST ${http}/_broadcast  Authorization: Bearer ${opts.broadcast_key}  ${JSON.stringify(body)}`)
  const res = await fetch(`${http}/_broadcast`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.broadcast_key}` },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(5000)
  })
  const text = await res.text()
  print('in', `HTTP ${res.status} ${text}`)
}

try {
  const token = jwt({ user_id: 42 }, { secret: opts.secret })
  print('', `client: ActionCable.createConsumer("${wsBase}?jid=<JWT ext={\\"user_id\\":42}>")`)
  const consumer = ActionCable.createConsumer(`${wsBase}?jid=${token}`)
  let onReceived = () => {}
  const signed = signStream(opts.stream, opts.secret)
  print('', `client: consumer.subscriptions.create({channel: "$pubsub", signed_stream_name: "${signed}"})`)
  const connected = within(10_000, 'connected', resolve => {
    consumer.subscription = consumer.subscriptions.create({ channel: '$pubsub', signed_stream_name: signed }, {
      connected: () => { print('', 'client: connected()'); resolve() },
      rejected: () => print('', 'client: rejected()'),
      received: data => { print('', `client: received(${JSON.stringify(data)})`); onReceived(data) }
    })
  })
  await connected
  const received = within(5000, 'received', resolve => { onReceived = resolve })
  await postBroadcast({ stream: opts.stream, data: JSON.stringify({ text: 'hi' }) })
  await received
  print('', 'waiting 3.5 s for a ping')
  await sleep(3500)
  print('', 'client: subscription.unsubscribe()')
  consumer.subscription.unsubscribe()
  await sleep(300)
  print('', 'client: consumer.disconnect()')
  consumer.disconnect()
  await sleep(300)
} finally {
  await node?.stop()
}
