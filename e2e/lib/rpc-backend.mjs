// A minimal AnyCable HTTP RPC backend (PROTOCOL.md §d), standing in for a Rails app with anycable-rb:
// connection authenticated by ?token=, ChatChannel streaming "chat/<room>", a "speak" action echoing back.
import { createServer } from 'node:http'

const SUCCESS = 1
const FAILURE = 2

export async function startRpcBackend() {
  const calls = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', chunk => { body += chunk })
    req.on('end', () => {
      const request = body ? JSON.parse(body) : {}
      const call = { path: req.url, authorization: req.headers.authorization, sid: req.headers['x-anycable-meta-sid'], request }
      calls.push(call)
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify(answer(req.url, request)))
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${server.address().port}/_anycable`,
    calls,
    close: () => new Promise(resolve => {
      server.closeAllConnections()
      server.close(resolve)
    })
  }
}

function answer(path, request) {
  if (path === '/_anycable/connect') {
    const token = new URL(request.env.url).searchParams.get('token')
    if (token !== 'good') {
      return { status: FAILURE, transmissions: [JSON.stringify({ type: 'disconnect', reason: 'unauthorized', reconnect: false })] }
    }
    return { status: SUCCESS, identifiers: JSON.stringify({ user: 'u1' }), transmissions: [JSON.stringify({ type: 'welcome' })] }
  }
  if (path === '/_anycable/command') {
    const { command, identifier, data } = request
    const params = JSON.parse(identifier)
    if (params.channel !== 'ChatChannel') {
      return { status: FAILURE, transmissions: [JSON.stringify({ identifier, type: 'reject_subscription' })] }
    }
    if (command === 'subscribe') {
      return { status: SUCCESS, streams: [`chat/${params.room}`], transmissions: [JSON.stringify({ identifier, type: 'confirm_subscription' })] }
    }
    if (command === 'message') {
      const { action, text } = JSON.parse(data)
      return { status: SUCCESS, transmissions: [JSON.stringify({ identifier, message: { action, echo: text } })] }
    }
    return { status: SUCCESS }
  }
  if (path === '/_anycable/disconnect') return { status: SUCCESS }
  return { status: 0, error_msg: `unknown path ${path}` }
}
