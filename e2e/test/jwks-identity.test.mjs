// Tokens from an identity provider: RS256 and ES256 tokens published through a JWKS URL identify the
// unchanged @anycable/web client, with `sub` mapped to the connection's identifiers; a rotated key is picked
// up on its unknown `kid`; a token for another audience is refused. The JWKS server is a loopback HTTP server
// of this test, signing with Node's own crypto.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createServer } from 'node:http'
import { generateKeyPairSync, sign } from 'node:crypto'
import { startNode } from '../lib/node.mjs'
import { SECRET, BROADCAST_KEY, broadcast, incoming, within } from '../lib/cable.mjs'
import { anyCable } from '../lib/anycable-client.mjs'
import { startRpcBackend } from '../lib/rpc-backend.mjs'

const STEP_MS = 8000
const ISSUER = 'https://idp.example.test'
const AUDIENCE = 'dashboard'
const b64 = value => Buffer.from(value).toString('base64url')

/** A signing key of the identity provider: its public JWK and a token signer. */
function providerKey(kind, kid) {
  const { publicKey, privateKey } = kind === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: kind, use: 'sig' },
    token(claims) {
      const header = b64(JSON.stringify({ alg: kind, typ: 'JWT', kid }))
      const payload = b64(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 600, ...claims }))
      // JWS ES256 signatures are the raw R||S pair, not DER.
      const key = kind === 'RS256' ? privateKey : { key: privateKey, dsaEncoding: 'ieee-p1363' }
      return `${header}.${payload}.${sign('sha256', Buffer.from(`${header}.${payload}`), key).toString('base64url')}`
    }
  }
}

const rsa = providerKey('RS256', 'rsa-1')
const ec = providerKey('ES256', 'ec-1')
const rotated = providerKey('RS256', 'rsa-2')
let published = [rsa.jwk, ec.jwk]
let fetches = 0
let jwks
let backend
let node

before(async () => {
  jwks = createServer((req, res) => {
    fetches++
    res.setHeader('Content-Type', 'application/json')
    res.end(JSON.stringify({ keys: published }))
  })
  await new Promise(resolve => jwks.listen(0, '127.0.0.1', resolve))
  backend = await startRpcBackend()
  node = await startNode([`--secret=${SECRET}`, `--broadcast_key=${BROADCAST_KEY}`, `--rpc_host=${backend.url}`,
    `--jwt_jwks_url=http://127.0.0.1:${jwks.address().port}/.well-known/jwks.json`, `--jwt_issuer=${ISSUER}`,
    `--jwt_audience=${AUDIENCE}`, '--jwt_identifiers_claims=user:sub', '--jwt_jwks_refresh_interval=0'])
}, { timeout: 90_000 })

after(async () => {
  await node?.stop()
  await backend?.close()
  jwks?.closeAllConnections()
  await new Promise(resolve => jwks ? jwks.close(resolve) : resolve())
})

/** Connects with the token, subscribes to ChatChannel (the backend's), and checks what identified it. */
async function chatAs(token, user, room) {
  const cable = anyCable(`${node.wsUrl}?jid=${token}`, 'actioncable-v1-ext-json')
  try {
    const channel = cable.subscribeTo('ChatChannel', { room })
    const received = new Promise(resolve => channel.on('message', resolve))
    await within(STEP_MS, 'subscription confirmation', resolve => channel.ensureSubscribed().then(resolve, resolve))
    const subscribe = backend.calls.find(c => c.path === '/_anycable/command' && c.request.command === 'subscribe'
      && JSON.parse(c.request.identifier).room === room)
    assert.ok(subscribe, 'the backend saw the subscribe')
    assert.deepEqual(JSON.parse(subscribe.request.connection_identifiers), { user }, 'identifiers from sub')
    assert.equal(backend.calls.filter(c => c.path === '/_anycable/connect').length, 0, 'no Connect RPC: the token identified')
    assert.equal(await broadcast(node, `chat/${room}`, { text: `hi ${user}` }), 201)
    assert.deepEqual(await within(STEP_MS, 'the broadcast', resolve => received.then(resolve)), { text: `hi ${user}` })
    return incoming(cable.frames)
  } finally {
    cable.disconnect()
  }
}

test('an RS256 and an ES256 token from the JWKS identify the client by sub', { timeout: 30_000 }, async () => {
  const frames = await chatAs(rsa.token({ sub: 'alice' }), 'alice', 'rs')
  assert.equal(frames[0].type, 'welcome')
  await chatAs(ec.token({ sub: 'bob' }), 'bob', 'es')
  console.log(`JWKS: RS256 and ES256 identified; ${fetches} JWKS fetch(es) so far`)
})

test('a rotated key is fetched on its unknown kid, and a token for another audience is refused', { timeout: 30_000 }, async () => {
  const before = fetches
  published = [rotated.jwk, ec.jwk]
  await chatAs(rotated.token({ sub: 'carol' }), 'carol', 'rotated')
  assert.equal(fetches, before + 1, 'one fetch for the new kid')

  const cable = anyCable(`${node.wsUrl}?jid=${rotated.token({ sub: 'mallory', aud: 'another-app' })}`, 'actioncable-v1-ext-json')
  try {
    cable.connect().catch(() => {})
    const refusal = await within(STEP_MS, 'the refusal', resolve => {
      const poll = setInterval(() => {
        const frame = incoming(cable.frames).find(f => f.type === 'disconnect')
        if (frame) {
          clearInterval(poll)
          resolve(frame)
        }
      }, 20)
    })
    assert.deepEqual(refusal, { type: 'disconnect', reason: 'unauthorized', reconnect: false })
    console.log(`JWKS: wrong audience answered ${JSON.stringify(refusal)}`)
  } finally {
    cable.disconnect()
  }
})
