// Plain WebSocket broadcast service: clients connect to /ws?events=<name>; POST /events/<name> sends the
// request body as one text frame to every socket on that name. Single process, no auth: a baseline.
'use strict';
const http = require('http');
const { WebSocketServer } = require('ws');

const port = Number(process.env.PORT || 0);
const host = process.env.HOST || '127.0.0.1';
const rooms = new Map();

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
    const body = Buffer.concat(chunks).toString('utf8');
    const sockets = rooms.get(name);
    if (sockets) {
      for (const ws of sockets) ws.send(body);
    }
    res.writeHead(201).end();
  });
});

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://localhost');
  const name = url.searchParams.get('events');
  if (url.pathname !== '/ws' || !name) {
    socket.destroy();
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    let sockets = rooms.get(name);
    if (!sockets) rooms.set(name, (sockets = new Set()));
    sockets.add(ws);
    ws.on('close', () => {
      sockets.delete(ws);
      if (sockets.size === 0) rooms.delete(name);
    });
  });
});

server.listen(port, host, () => {
  console.log(`node-ws listening on ${host}:${server.address().port}`);
});
