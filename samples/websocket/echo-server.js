// A dependency-free WebSocket echo server (RFC 6455, text and binary frames up to 64 KiB per frame is
// not a limit: 16- and 64-bit lengths are handled). Says "welcome" on connect, answers every message
// with "echo:" + the message, answers pings and close frames. Plain HTTP requests get 200 (health checks).
// Usage: node echo-server.js [port]   (default 3000)
'use strict';
const http = require('http');
const crypto = require('crypto');

const port = Number(process.argv[2] || 3000);
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

function frame(opcode, payload) {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length])
    : length < 65536 ? Buffer.from([0x80 | opcode, 126, length >> 8, length & 0xff])
    : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(length)); return b; })()]);
  return Buffer.concat([head, payload]);
}

const server = http.createServer((req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.end('websocket echo: connect with Upgrade: websocket\n'); });

server.on('upgrade', (req, socket) => {
  const key = req.headers['sec-websocket-key'];
  if ((req.headers.upgrade || '').toLowerCase() !== 'websocket' || !key) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    return;
  }
  const accept = crypto.createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  console.log(`connected ${req.url} from ${req.headers['x-forwarded-for'] || socket.remoteAddress}`);
  socket.write(frame(0x1, Buffer.from('welcome')));

  let buffer = Buffer.alloc(0);
  let message = [];
  let messageOpcode = 0;
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    while (buffer.length >= 2) {
      const fin = (buffer[0] & 0x80) !== 0;
      const opcode = buffer[0] & 0x0f;
      const masked = (buffer[1] & 0x80) !== 0;
      let length = buffer[1] & 0x7f;
      let offset = 2;
      if (length === 126) { if (buffer.length < 4) return; length = buffer.readUInt16BE(2); offset = 4; }
      else if (length === 127) { if (buffer.length < 10) return; length = Number(buffer.readBigUInt64BE(2)); offset = 10; }
      const maskOffset = offset;
      if (masked) offset += 4;
      if (buffer.length < offset + length) return;
      const payload = Buffer.from(buffer.subarray(offset, offset + length));
      if (masked) for (let i = 0; i < payload.length; i++) payload[i] ^= buffer[maskOffset + (i % 4)];
      buffer = buffer.subarray(offset + length);

      if (opcode === 0x8) { socket.end(frame(0x8, payload.subarray(0, 2))); console.log('closed by the client'); return; }
      if (opcode === 0x9) { socket.write(frame(0xa, payload)); continue; }
      if (opcode === 0xa) continue;
      if (opcode !== 0) messageOpcode = opcode;
      message.push(payload);
      if (!fin) continue;
      const whole = Buffer.concat(message);
      message = [];
      socket.write(messageOpcode === 0x1 ? frame(0x1, Buffer.from('echo:' + whole.toString('utf8'))) : frame(0x2, whole));
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => console.log(`disconnected ${req.url}`));
});

server.listen(port, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
