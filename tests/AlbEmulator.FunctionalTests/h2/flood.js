// HTTP/2 abuse against an AlbEmulator HTTPS listener; prints one JSON line with what the server did.
// usage: node flood.js <port> continuation|settings|ping|big-header
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

if (mode === 'big-header') {
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
