// A grpc-js client for the albtest.Echo service. Prints one JSON object on stdout:
//   { "messages": [...], "headers": {...}, "status": { "code", "name", "details", "metadata" } }
// Usage: node client.js <host:port> <ca.pem|insecure> <unary|server-stream|client-stream|bidi> [text...]
//   ca.pem     TLS with that certificate as the trusted root; the host name is not checked
//              (AlbEmulator's generated or test certificates name other hosts)
//   insecure   plaintext HTTP/2 (h2c)
// Exit code 0 whatever the gRPC status: the caller asserts the JSON.
'use strict';
const fs = require('fs');
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const [address, security, kind, ...texts] = process.argv.slice(2);
if (!address || !security || !kind) {
  console.error('usage: node client.js <host:port> <ca.pem|insecure> <unary|server-stream|client-stream|bidi> [text...]');
  process.exit(2);
}

const albtest = grpc.loadPackageDefinition(protoLoader.loadSync(path.join(__dirname, 'echo.proto'), { keepCase: true })).albtest;
const credentials = security === 'insecure'
  ? grpc.credentials.createInsecure()
  : grpc.credentials.createSsl(fs.readFileSync(security), null, null, { checkServerIdentity: () => undefined });
// The TLS server name is 'localhost' (not the IP address in <host:port>, which SNI does not allow).
const options = security === 'insecure' ? {} : { 'grpc.ssl_target_name_override': 'localhost' };
const client = new albtest.Echo(address, credentials, options);
const deadline = () => new Date(Date.now() + 15000);

const result = { messages: [], headers: {}, status: null };
const codeName = (code) => Object.keys(grpc.status).find((k) => grpc.status[k] === code) || String(code);
const metaJson = (m) => {
  const out = {};
  if (!m) return out;
  const map = m.getMap();
  for (const k of Object.keys(map)) out[k] = Buffer.isBuffer(map[k]) ? map[k].toString('base64') : String(map[k]);
  return out;
};

function watch(call) {
  call.on('metadata', (m) => { result.headers = metaJson(m); });
  call.on('status', (s) => {
    result.status = { code: s.code, name: codeName(s.code), details: s.details, metadata: metaJson(s.metadata) };
    finish();
  });
}

let done = false;
function finish() {
  if (done) return;
  done = true;
  console.log(JSON.stringify(result));
  client.close();
}

const words = texts.length > 0 ? texts : ['a', 'b', 'c'];
switch (kind) {
  case 'unary': {
    const call = client.Unary({ text: words[0] }, { deadline: deadline() }, (err, reply) => {
      if (!err) result.messages.push(reply);
    });
    watch(call);
    break;
  }
  case 'server-stream': {
    const call = client.ServerStream({ text: words[0], count: Number(words[1] || 3) }, { deadline: deadline() });
    call.on('data', (m) => result.messages.push(m));
    call.on('error', () => {});
    watch(call);
    break;
  }
  case 'client-stream': {
    const call = client.ClientStream({ deadline: deadline() }, (err, reply) => {
      if (!err) result.messages.push(reply);
    });
    watch(call);
    for (const w of words) call.write({ text: w });
    call.end();
    break;
  }
  case 'bidi': {
    // Ping-pong: the next message is sent only after the previous echo arrived, so the stream is
    // really bidirectional through the load balancer.
    const call = client.Bidi({ deadline: deadline() });
    let next = 0;
    call.on('data', (m) => {
      result.messages.push(m);
      if (next < words.length) call.write({ text: words[next++] });
      else call.end();
    });
    call.on('error', () => {});
    watch(call);
    call.write({ text: words[next++] });
    break;
  }
  default:
    console.error('unknown kind ' + kind);
    process.exit(2);
}
