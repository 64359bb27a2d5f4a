// A grpc-js server (plaintext HTTP/2, h2c) for the albtest.Echo service.
// Usage: node server.js [--port N] [--health] [--stdin-lifetime]
//   --port N          port to listen on (default 0: any free port)
//   --health          also implement /AWS.ALB/healthcheck (ALB's default gRPC health-check path)
//   --stdin-lifetime  exit when stdin closes (the tests use it so no server outlives them)
// Prints "listening <port>" on stdout once bound; stops on SIGTERM/SIGINT.
'use strict';
const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = portIndex >= 0 ? Number(args[portIndex + 1]) : 0;
const withHealth = args.includes('--health');

const load = (file) => grpc.loadPackageDefinition(protoLoader.loadSync(path.join(__dirname, file), { keepCase: true }));
const albtest = load('echo.proto').albtest;

function metadataJson(metadata) {
  const map = metadata.getMap();
  const out = {};
  for (const key of Object.keys(map)) {
    out[key] = Buffer.isBuffer(map[key]) ? map[key].toString('base64') : String(map[key]);
  }
  return JSON.stringify(out);
}

function trailer(kind) {
  const m = new grpc.Metadata();
  m.set('x-trailer', kind + '-done');
  return m;
}

function initial(call) {
  const m = new grpc.Metadata();
  m.set('x-initial', 'hello');
  call.sendMetadata(m);
}

const server = new grpc.Server();
server.addService(albtest.Echo.service, {
  Unary(call, callback) {
    if (call.request.text === 'fail') {
      const m = new grpc.Metadata();
      m.set('x-error-detail', 'text was fail');
      callback({ code: grpc.status.INVALID_ARGUMENT, details: 'text must not be fail', metadata: m });
      return;
    }
    initial(call);
    callback(null, { text: 'echo:' + call.request.text, metadata: metadataJson(call.metadata) }, trailer('unary'));
  },
  ServerStream(call) {
    initial(call);
    const n = call.request.count || 3;
    for (let i = 1; i <= n; i++) {
      call.write({ text: call.request.text + ':' + i });
    }
    call.end(trailer('server-stream'));
  },
  ClientStream(call, callback) {
    const texts = [];
    call.on('data', (m) => texts.push(m.text));
    call.on('end', () => callback(null, { text: texts.join('+') }, trailer('client-stream')));
  },
  Bidi(call) {
    initial(call);
    call.on('data', (m) => call.write({ text: 'echo:' + m.text }));
    call.on('end', () => call.end(trailer('bidi')));
  },
});

if (withHealth) {
  const aws = load('health.proto').AWS;
  server.addService(aws.ALB.service, { healthcheck: (_call, callback) => callback(null, {}) });
}

server.bindAsync('127.0.0.1:' + port, grpc.ServerCredentials.createInsecure(), (err, bound) => {
  if (err) {
    console.error(err.message);
    process.exit(1);
  }
  console.log('listening ' + bound);
});

const stop = () => server.tryShutdown(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (args.includes('--stdin-lifetime')) {
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
