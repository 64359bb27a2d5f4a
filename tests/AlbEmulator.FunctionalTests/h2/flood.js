// HTTP/2 abuse against an AlbEmulator HTTPS listener; prints one JSON line with what the server did.
// usage: node flood.js <port> continuation|settings|ping|big-header|requests|ping-idle
'use strict';
const tls = require('tls');
const http2 = require('http2');
const crypto = require('crypto');
const [port, mode] = [Number(process.argv[2]), process.argv[3]];

function frame(type, flags, stream, payload) {
  const header = Buffer.alloc(9);
  header.writeUIntBE(payload.length, 0, 3);
  header[3] = type; header[4] = flags; header.writeUInt32BE(stream, 5);
  return Buffer.concat([header, payload]);
}

// Calls onFrame(type, flags, stream, payload) for each whole frame the server sends; acknowledges its SETTINGS and
// keeps the last GOAWAY in state.goaway (error code) and state.lastStream.
function readFrames(socket, state, onFrame) {
  let received = Buffer.alloc(0);
  socket.on('data', (data) => {
    received = Buffer.concat([received, data]);
    while (received.length >= 9) {
      const length = received.readUIntBE(0, 3);
      if (received.length < 9 + length) break;
      const [type, flags, stream] = [received[3], received[4], received.readUInt32BE(5) & 0x7fffffff];
      if (type === 4 && (flags & 1) === 0) socket.write(frame(4, 1, 0, Buffer.alloc(0)));
      if (type === 7) { state.lastStream = received.readUInt32BE(9) & 0x7fffffff; state.goaway = received.readUInt32BE(13); }
      onFrame(type, flags, stream);
      received = received.subarray(9 + length);
    }
  });
}

if (mode === 'requests') {
  // 10,001 GET requests on one connection (raw frames, so nothing waits for the GOAWAY): 99 batches of 100, each
  // answered before the next, then the last 101 in one write, so the 10,001st reaches the server before any GOAWAY.
  const socket = tls.connect({ host: '127.0.0.1', port, ALPNProtocols: ['h2'], rejectUnauthorized: false }, () => {
    socket.write(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
    // SETTINGS_INITIAL_WINDOW_SIZE and the connection window at their maximum: no WINDOW_UPDATE needed later.
    const settings = Buffer.alloc(6); settings.writeUInt16BE(4, 0); settings.writeUInt32BE(0x7fffffff, 2);
    socket.write(frame(4, 0, 0, settings));
    const increment = Buffer.alloc(4); increment.writeUInt32BE(0x7fffffff - 65535, 0);
    socket.write(frame(8, 0, 0, increment));
    sendBatch();
  });
  // :method GET, :scheme https, :path / (static table), :authority a.test (literal without indexing).
  const block = Buffer.concat([Buffer.from([0x82, 0x87, 0x84, 0x01, 6]), Buffer.from('a.test')]);
  let nextStream = 1, sent = 0, completed = 0, pending = 0, maxAnswered = 0;
  const state = { goaway: null, lastStream: null };
  const finish = (closed) => { console.log(JSON.stringify({ sent, completed, maxAnswered, goaway: state.goaway, lastStream: state.lastStream, closed })); process.exit(0); };
  function sendBatch() {
    const size = sent === 9900 ? 101 : 100;
    const parts = [];
    for (let i = 0; i < size; i++, nextStream += 2) parts.push(frame(1, 0x5, nextStream, block));
    sent += size; pending = size;
    socket.write(Buffer.concat(parts));
  }
  readFrames(socket, state, (type, flags, stream) => {
    if ((type === 0 || type === 1) && (flags & 1) !== 0) {
      completed++; pending--; maxAnswered = Math.max(maxAnswered, stream);
      if (pending === 0 && sent < 10001) sendBatch();
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => finish(true));
  setTimeout(() => finish(false), 120000);
} else if (mode === 'ping-idle') {
  // A client that sends nothing but a PING every 200 ms (H2-5): prints when and how the server ended the connection.
  const started = Date.now();
  let pings = 0, acks = 0, timer = null;
  const state = { goaway: null, lastStream: null };
  const finish = (closed) => {
    clearInterval(timer);
    console.log(JSON.stringify({ pings, acks, goaway: state.goaway, lastStream: state.lastStream, closed, closedAfterMs: Date.now() - started }));
    process.exit(0);
  };
  const socket = tls.connect({ host: '127.0.0.1', port, ALPNProtocols: ['h2'], rejectUnauthorized: false }, () => {
    socket.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), frame(4, 0, 0, Buffer.alloc(0))]));
    timer = setInterval(() => { if (!socket.destroyed) { socket.write(frame(6, 0, 0, Buffer.alloc(8))); pings++; } }, 200);
  });
  readFrames(socket, state, (type, flags) => { if (type === 6 && (flags & 1) !== 0) acks++; });
  socket.on('error', () => {});
  socket.on('close', () => finish(true));
  setTimeout(() => finish(false), 20000);
} else if (mode === 'big-header') {
  // A real client (node's http2) sending a header whose compressed length is over 8 K.
  const session = http2.connect(`https://127.0.0.1:${port}`, { rejectUnauthorized: false });
  let goaway = null;
  session.on('goaway', (code) => { goaway = code; });
  session.on('error', () => {});
  const request = session.request({ ':path': '/', 'x-big': crypto.randomBytes(9000).toString('base64') });
  request.on('error', () => {});
  request.on('response', (headers) => { console.log(JSON.stringify({ response: headers[':status'], goaway })); process.exit(0); });
  session.on('close', () => { console.log(JSON.stringify({ goaway, closed: true })); process.exit(0); });
  request.end();
} else {
  const socket = tls.connect({ host: '127.0.0.1', port, ALPNProtocols: ['h2'], rejectUnauthorized: false }, () => {
    socket.write(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
    socket.write(frame(4, 0, 0, Buffer.alloc(0)));
    const count = mode === 'continuation' ? 200000 : 100000;
    const parts = [];
    if (mode === 'continuation') {
      // HEADERS without END_HEADERS (":method GET" indexed), then empty CONTINUATION frames.
      parts.push(frame(1, 0, 1, Buffer.from([0x82])));
      for (let i = 0; i < count; i++) parts.push(frame(9, 0, 1, Buffer.alloc(0)));
    } else {
      for (let i = 0; i < count; i++) parts.push(mode === 'settings' ? frame(4, 0, 0, Buffer.alloc(0)) : frame(6, 0, 0, Buffer.alloc(8)));
    }
    socket.write(Buffer.concat(parts));
  });
  let received = Buffer.alloc(0);
  let goaway = null;
  socket.on('data', (data) => {
    received = Buffer.concat([received, data]);
    while (received.length >= 9) {
      const length = received.readUIntBE(0, 3);
      if (received.length < 9 + length) break;
      if (received[3] === 7) goaway = received.readUInt32BE(13);
      received = received.subarray(9 + length);
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => { console.log(JSON.stringify({ goaway, closed: true })); process.exit(0); });
  setTimeout(() => { console.log(JSON.stringify({ goaway, closed: false })); process.exit(0); }, 20000);
}
