// A loopback TCP balancer, standing in for HAProxy in front of a cluster: each accepted connection is
// piped to the preferred node if it is live, else to the next live one. Clients keep one URL and land on
// a survivor when their node dies, which is what lets the unchanged client fail over by reconnecting.
import { createServer, connect } from 'node:net'

/**
 * Listens on a free loopback port; `candidates()` names the nodes to try in order (`{port, alive}`), a node
 * that refuses the connection is skipped. When either side closes, so does the other: a node's death
 * reaches the client as a dropped socket, as through a real proxy.
 */
export async function startBalancer(candidates) {
  const sockets = new Set()
  const server = createServer(client => {
    sockets.add(client)
    client.on('close', () => sockets.delete(client))
    client.on('error', () => {})
    client.pause()
    const nodes = candidates().filter(node => node.alive)
    const attempt = index => {
      if (index >= nodes.length || client.destroyed) {
        client.destroy()
        return
      }
      const upstream = connect(nodes[index].port, '127.0.0.1')
      let connected = false
      upstream.once('error', () => {
        if (!connected) attempt(index + 1)
      })
      upstream.once('connect', () => {
        connected = true
        if (client.destroyed) {
          upstream.destroy()
          return
        }
        sockets.add(upstream)
        upstream.on('error', () => {})
        upstream.on('close', () => {
          sockets.delete(upstream)
          client.destroy()
        })
        client.on('close', () => upstream.destroy())
        client.pipe(upstream)
        upstream.pipe(client)
        client.resume()
      })
    }
    attempt(0)
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    port: server.address().port,
    close() {
      for (const socket of sockets) socket.destroy()
      return new Promise(resolve => server.close(resolve))
    }
  }
}
