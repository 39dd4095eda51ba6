// Plain WebSocket event service shaped like cable-cluster's: clients connect to /ws; POST /events/<name>
// with a JSON body sends {"type":"<name, dashes as colons>","payload":<body>} to every /ws socket.
// Single process, no auth: the baseline for our /ws endpoint.
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';
const sockets = new Set();

const server = http.createServer((req, res) => {
  const match = /^\/events\/([^/?]+)/.exec(req.url);
  if (req.method !== 'POST' || !match) {
    res.writeHead(req.url === '/health' ? 200 : 404).end();
    return;
  }
  const name = decodeURIComponent(match[1]);
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let payload;
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      res.writeHead(400).end();
      return;
    }
    const frame = JSON.stringify({ type: name.replace(/-/g, ':'), payload });
    for (const ws of sockets) ws.send(frame);
    res.writeHead(202).end();
  });
});

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname !== '/ws') {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
  });
});

server.listen(port, host, () => {
  console.log(`node-ws listening on ${host}:${server.address().port}`);
});
