#!/usr/bin/env node
// The troubleshooting lab: every HTTP error an ALB generates itself (AWS "Troubleshoot your Application
// Load Balancers", "The load balancer generates an HTTP error"), reproduced on demand. Each case starts
// AlbEmulator with a tiny misbehaving target, sends one request and prints the request, the answer, the
// access-log line and the emulator's explanation of the cause and the fix.
//
//   node samples/troubleshooting/lab.js list          the cases, in the order of the AWS guide
//   node samples/troubleshooting/lab.js 502-keepalive one case
//   node samples/troubleshooting/lab.js all           every case; exits non-zero if one does not behave
//
// ALB_EMULATOR: how to start the emulator (default: the Release build, else dotnet run).
// LAB_PORT: the listener port (default 18480; the admin endpoint uses LAB_PORT+1).
'use strict';
const net = require('net');
const tls = require('tls');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const root = path.resolve(__dirname, '..', '..');
const listenerPort = Number(process.env.LAB_PORT || 18480);
const adminPort = listenerPort + 1;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- tiny misbehaving targets
const OK = 'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\n\r\nok\n';

function startTarget(kind) {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    let requests = 0;
    socket.on('data', (chunk) => {
      if (kind === 'not-tls') { socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'); return; }
      buffered += chunk.toString('latin1');
      while (buffered.includes('\r\n\r\n')) {
        const head = buffered.slice(0, buffered.indexOf('\r\n\r\n'));
        buffered = buffered.slice(buffered.indexOf('\r\n\r\n') + 4);
        const healthCheck = head.startsWith('GET /hc ');
        requests++;
        if (healthCheck || kind === 'ok') { socket.write(OK); continue; }
        switch (kind) {
          case 'close-on-second': // keep-alive: answers the first request, closes (FIN) on the second
            if (requests === 1) socket.write(OK); else socket.end();
            break;
          case 'stall': break; // reads the request, never answers
          case 'slow': setTimeout(() => socket.writable && socket.write(OK), 30000); break;
          case 'lie-length': socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc'); break;
          case 'malformed': socket.end('this is not http\r\n\r\n'); break;
          case 'huge-headers': socket.write(`HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(40 * 1024)}\r\nContent-Length: 0\r\n\r\n`); break;
        }
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: server.address().port,
    close: () => { for (const s of sockets) s.destroy(); server.close(); },
  })));
}

// A port whose accept queue is full: the kernel drops further SYNs, so a connect hangs (504 after 10 s).
async function startBlockedListener() {
  const child = spawn(process.execPath, [__filename, '--blocked-listener'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  const fillers = [];
  for (let i = 0; i < 8; i++) { const s = net.connect(port, '127.0.0.1'); s.on('error', () => {}); fillers.push(s); }
  await sleep(200);
  return { port, close: () => { fillers.forEach((s) => s.destroy()); child.kill(); } };
}

if (process.argv[2] === '--blocked-listener') {
  const server = net.createServer();
  server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
    fs.writeSync(1, `${server.address().port}\n`);
    // Block the event loop at once: nothing is ever accepted, so the kernel queue stays full.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60000);
  });
  return;
}

function unusedPort() {
  return new Promise((resolve) => { const s = net.createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); }); });
}

// ---------------------------------------------------------------- the emulator
function config({ targetPort, protocol = 'HTTP', version = 'HTTP1', idle = 60, attributes = [], targets, listener, targetGroup = {} }) {
  return {
    LoadBalancer: { Name: 'lab', LoadBalancerAttributes: [{ Key: 'idle_timeout.timeout_seconds', Value: String(idle) }] },
    Listeners: [listener || { Port: listenerPort, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupName: 'app' }] }],
    TargetGroups: [Object.assign({
      Name: 'app', Protocol: protocol, ProtocolVersion: version, Port: 80, HealthCheckPath: '/hc', HealthCheckIntervalSeconds: 300,
      TargetGroupAttributes: attributes,
      Targets: targets || [{ Id: '127.0.0.1', Port: targetPort }],
    }, targetGroup)],
  };
}

async function startEmulator(cfg) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alb-lab-')), 'alb.json');
  fs.writeFileSync(file, JSON.stringify(cfg, null, 2));
  const release = path.join(root, 'src/AlbEmulator.Host/bin/Release/net10.0/alb-emulator.dll');
  const command = process.env.ALB_EMULATOR || (fs.existsSync(release) ? `dotnet ${release}` : 'dotnet run --project src/AlbEmulator.Host --');
  const [exe, ...args] = command.split(' ');
  const child = spawn(exe, [...args, '--config', file, '--access-log', '-', '--admin-url', `http://127.0.0.1:${adminPort}`], { cwd: root });
  const lines = [];
  let partial = '';
  const collect = (d) => { partial += d; const parts = partial.split('\n'); partial = parts.pop(); lines.push(...parts); };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const deadline = Date.now() + 120000;
  while (!lines.some((l) => l.startsWith('Press Ctrl-C'))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the emulator did not start:\n${lines.join('\n')}`);
    await sleep(100);
  }
  return { lines, stop: () => child.kill() };
}

// ---------------------------------------------------------------- a raw client
function exchange(steps, { readFor = 15000, secure = false } = {}) {
  return new Promise((resolve) => {
    const socket = secure
      ? tls.connect({ port: listenerPort, host: '127.0.0.1', rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] })
      : net.connect(listenerPort, '127.0.0.1');
    let received = Buffer.alloc(0);
    let done = false;
    const finish = () => { if (!done) { done = true; socket.destroy(); resolve(received.toString('latin1')); } };
    socket.on('data', (d) => { received = Buffer.concat([received, d]); if (complete(received.toString('latin1'))) finish(); });
    socket.on('error', finish);
    socket.on('close', finish);
    setTimeout(finish, readFor);
    socket.on(secure ? 'secureConnect' : 'connect', async () => {
      for (const step of steps) {
        if (typeof step === 'number') await sleep(step);
        else if (step === 'END') socket.end();
        else if (step === 'DESTROY') { socket.destroy(); return; }
        else socket.write(Buffer.from(step, 'latin1'));
      }
    });
  });
}

// Complete once every response head received so far has its whole body.
function complete(text) {
  let rest = text;
  let responses = 0;
  while (rest.includes('\r\n\r\n')) {
    const head = rest.slice(0, rest.indexOf('\r\n\r\n'));
    const length = Number((/\r\ncontent-length: *(\d+)/i.exec(head) || [0, 0])[1]);
    const body = rest.slice(head.length + 4);
    if (body.length < length) return false;
    rest = body.slice(length);
    responses++;
  }
  return responses >= expectedResponses;
}
let expectedResponses = 1;

const show = (text, max = 400) => {
  const printable = text.replace(/\r\n/g, '\\r\\n\n').replace(/[^\x20-\x7e\n]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return printable.length > max ? `${printable.slice(0, max)}... (${text.length} bytes)` : printable;
};

// ---------------------------------------------------------------- the cases, in the guide's order
const get = (p, extra = '') => `GET ${p} HTTP/1.1\r\nHost: lab.test\r\n${extra}\r\n`;
const xff31 = Array.from({ length: 31 }, (_, i) => `10.0.0.${i + 1}`).join(', ');

const cases = [
  { id: '400-malformed', status: 400, cause: 'The client sent a malformed request (a Content-Length that is not a number).', target: 'ok',
    steps: () => [get('/lab', 'Content-Length: 1x\r\n')] },
  { id: '400-header-too-large', status: 400, cause: 'A request header over 16 K.', target: 'ok',
    steps: () => [get('/lab', `X-Big: ${'a'.repeat(17 * 1024)}\r\n`)] },
  { id: '400-client-closed-mid-body', status: 400, logOnly: true, cause: 'The client closed the connection before sending the full request body.', target: 'stall',
    steps: () => ['POST /lab HTTP/1.1\r\nHost: lab.test\r\nContent-Length: 100\r\n\r\nonly ten b', 500, 'END'] },
  { id: '401', status: 401, cause: 'A rule authenticates users with OnUnauthenticatedRequest deny, and the request has no session cookie (docs/authentication.md reproduces every authentication error: 401, 561, 500).', target: 'ok', secure: true,
    cfg: (t) => ({
      ...config({ targetPort: t, listener: { Port: listenerPort, Protocol: 'HTTPS', DefaultActions: [
        { Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/lab', UserPoolClientId: 'lab', UserPoolDomain: 'lab', OnUnauthenticatedRequest: 'deny' } },
        { Type: 'forward', Order: 2, TargetGroupName: 'app' }] } }),
      IdentityProvider: { Users: [{ Username: 'lab', Password: 'lab' }] },
    }),
    steps: () => [get('/lab')] },
  { id: '403', status: 403, cause: 'An AWS WAF web ACL associated with the load balancer blocks the request (a rule on the URI path).', target: 'ok',
    cfg: (t) => ({
      ...config({ targetPort: t }),
      LoadBalancer: { Name: 'lab', WebACLName: 'lab-acl' },
      WebACLs: [{
        Name: 'lab-acl', DefaultAction: { Allow: {} },
        VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'lab-acl' },
        Rules: [{
          Name: 'block-lab', Priority: 1, Action: { Block: {} },
          Statement: { ByteMatchStatement: { SearchString: '/lab', FieldToMatch: { UriPath: {} }, TextTransformations: [{ Priority: 0, Type: 'NONE' }], PositionalConstraint: 'STARTS_WITH' } },
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: 'block-lab' },
        }],
      }],
    }),
    steps: () => [get('/lab')] },
  { id: '405', status: 405, cause: 'The client used the TRACE method.', target: 'ok', steps: () => ['TRACE /lab HTTP/1.1\r\nHost: lab.test\r\n\r\n'] },
  { id: '408', status: 408, cause: 'The client sent part of a request and then nothing for the idle timeout (2 s here).', target: 'ok', idle: 2,
    steps: () => ['GET /lab HTTP/1.1\r\nHost: lab.test\r\n'] },
  { id: '413', status: 413, cause: 'The target is a Lambda function and the request body is over 1 MB.', target: 'ok',
    cfg: (t) => config({ targets: [{ Id: 'fn', LambdaEndpoint: `http://127.0.0.1:${t}` }], targetGroup: { TargetType: 'lambda', HealthCheckEnabled: false, Protocol: undefined, ProtocolVersion: undefined, Port: undefined, HealthCheckPath: undefined, HealthCheckIntervalSeconds: undefined } }),
    steps: () => [`POST /lab HTTP/1.1\r\nHost: lab.test\r\nContent-Length: ${1024 * 1024 + 1}\r\n\r\n`, 'x'.repeat(1024 * 1024 + 1)] },
  { id: '414', status: 414, cause: 'The request line (URL and query string) is over 16 K.', target: 'ok', steps: () => [get(`/lab?q=${'q'.repeat(17 * 1024)}`)] },
  { id: '460', status: 460, logOnly: true, cause: 'The client closed the connection while the load balancer waited for the target.', target: 'stall',
    steps: () => [get('/lab'), 800, 'DESTROY'] },
  { id: '463', status: 463, cause: 'X-Forwarded-For carries more than 30 IP addresses.', target: 'ok', steps: () => [get('/lab', `X-Forwarded-For: ${xff31}\r\n`)] },
  { id: '464', status: 464, cause: 'An HTTP/1.1 request (over TLS) to a target group whose protocol version is HTTP2.', target: 'ok', secure: true,
    cfg: (t) => config({ targetPort: t, version: 'HTTP2', listener: { Port: listenerPort, Protocol: 'HTTPS', DefaultActions: [{ Type: 'forward', TargetGroupName: 'app' }] } }),
    steps: () => [get('/lab')] },
  { id: '500', status: 500, cause: 'authenticate-oidc: after the sign-in the load balancer cannot reach the token endpoint (nothing listens on its port), error_reason AuthTokenEpRequestTimeout. The sign-in runs through the built-in identity provider with curl and a cookie jar.', target: 'ok', secure: true,
    cfg: (t) => authConfig(t, { Type: 'authenticate-oidc', Order: 1, AuthenticateOidcConfig: {
      Issuer: `http://127.0.0.1:${adminPort}/idp`, AuthorizationEndpoint: `http://127.0.0.1:${adminPort}/idp/authorize`,
      TokenEndpoint: `http://127.0.0.1:${closedPort}/token`, UserInfoEndpoint: `http://127.0.0.1:${adminPort}/idp/userinfo`,
      ClientId: 'lab', ClientSecret: 'lab-secret' } }),
    flow: () => signInFlow('sign-in') },
  { id: '501', status: 501, cause: 'Transfer-Encoding with a value other than chunked or identity.', target: 'ok',
    steps: () => ['POST /lab HTTP/1.1\r\nHost: lab.test\r\nTransfer-Encoding: gzip\r\n\r\n'] },
  { id: '502-connection-refused', status: 502, cause: 'The target answered the connection attempt with a TCP RST (nothing listens on the port).', target: 'refused',
    steps: () => [get('/lab')] },
  { id: '502-keepalive', status: 502, responses: 2, cause: 'The target closed a reused keep-alive connection (FIN) while a request was outstanding: its keep-alive timeout is shorter than the ALB idle timeout. First request 200, second 502 - never resent.', target: 'close-on-second',
    steps: () => [get('/lab/1'), 300, get('/lab/2')] },
  { id: '502-malformed-response', status: 502, cause: 'The target answered with bytes that are not HTTP.', target: 'malformed', steps: () => [get('/lab')] },
  { id: '502-response-headers-too-large', status: 502, cause: 'The target response header block is over 32 K.', target: 'huge-headers', steps: () => [get('/lab')] },
  { id: '502-deregistration', status: 502, cause: 'The target was deregistered while handling the request, and the deregistration delay (1 s here) ran out first.', target: 'slow',
    attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '1' }], steps: () => [get('/lab')], during: deregister },
  { id: '502-tls-handshake', status: 502, cause: 'The TLS handshake with the HTTPS target failed (the target does not speak TLS).', target: 'not-tls', protocol: 'HTTPS',
    steps: () => [get('/lab')] },
  { id: '503', status: 503, cause: 'The target group has no registered targets.', target: 'ok', cfg: () => config({ targets: [] }), steps: () => [get('/lab')] },
  { id: '504-connect-timeout', status: 504, slow: true, cause: 'The connection to the target was not established within 10 s.', target: 'blocked', steps: () => [get('/lab')] },
  { id: '504-target-silent', status: 504, cause: 'The target accepted the request but sent nothing for the idle timeout (2 s here).', target: 'stall', idle: 2, steps: () => [get('/lab')] },
  { id: '504-content-length', status: 504, cause: 'The target declared a Content-Length larger than the body it sent; the load balancer waited for the rest until the idle timeout (2 s here).', target: 'lie-length', idle: 2,
    steps: () => [get('/lab')] },
  { id: '504-tls-handshake-timeout', status: 504, slow: true, cause: 'The TLS handshake with the HTTPS target did not complete within 10 s.', target: 'stall', protocol: 'HTTPS', steps: () => [get('/lab')] },
  { id: '505', status: 505, cause: 'An HTTP/2 request (connection preface) on an HTTP/1 listener.', target: 'ok', steps: () => ['PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'] },
  { id: '507', status: 507, cause: 'The redirect URL is too long (over 8 K).', target: 'ok',
    cfg: (t) => config({ targetPort: t, listener: { Port: listenerPort, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Host: 'x.test', Path: '/#{path}/#{path}/#{path}', StatusCode: 'HTTP_302' } }] } }),
    steps: () => [get(`/${'p'.repeat(3000)}`)] },
  { id: '561', status: 561, cause: 'authenticate-cognito: the user pressed Cancel on the sign-in form, so the identity provider returned error=access_denied to the callback (error_reason AuthMissingCodeParam). Driven with curl and a cookie jar through the built-in identity provider.', target: 'ok', secure: true,
    cfg: (t) => authConfig(t, { Type: 'authenticate-cognito', Order: 1, AuthenticateCognitoConfig: { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/lab', UserPoolClientId: 'lab', UserPoolDomain: 'lab' } }),
    flow: () => signInFlow('cancel') },
];

// A port nothing listens on (the 500 case's token endpoint); chosen once, before the cases run.
let closedPort = 0;

function authConfig(targetPort, authenticate) {
  return {
    ...config({ targetPort, listener: { Port: listenerPort, Protocol: 'HTTPS', DefaultActions: [authenticate, { Type: 'forward', Order: 2, TargetGroupName: 'app' }] } }),
    IdentityProvider: { Users: [{ Username: 'lab', Password: 'lab' }] },
  };
}

function curl(args) {
  return require('child_process').execFileSync('curl', ['-sk', '--http1.1', '--max-time', '15', ...args], { encoding: 'latin1' });
}

// The browser's part of a sign-in, with curl and a cookie jar: the request to the load balancer (302 to the
// identity provider), the sign-in form posted to the built-in identity provider (or its Cancel button), and the
// callback back to the load balancer with the AWSALBAuthNonce cookie. Returns the load balancer's last answer.
async function signInFlow(action) {
  const jar = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'alb-lab-jar-')), 'cookies');
  const start = `https://127.0.0.1:${listenerPort}/lab`;
  console.log(`    GET ${start}   (curl with a cookie jar)`);
  const authorize = curl(['-c', jar, '-b', jar, '-o', '/dev/null', '-w', '%{redirect_url}', start]).trim();
  if (!authorize) throw new Error('the load balancer did not redirect to the identity provider');
  console.log(`    -> 302 to the identity provider: ${show(authorize, 160)}`);
  const page = curl([authorize]);
  const form = /<form[^>]*action="([^"]+)"/i.exec(page);
  if (!form) throw new Error(`no sign-in form at ${authorize}`);
  const login = new URL(form[1].replace(/&amp;/g, '&'), authorize).toString();
  const fields = [...new URL(authorize).searchParams].flatMap(([k, v]) => ['--data-urlencode', `${k}=${v}`]);
  const choice = action === 'cancel' ? ['--data-urlencode', 'action=cancel'] : ['--data-urlencode', 'username=lab', '--data-urlencode', 'password=lab'];
  console.log(`    POST ${login}   (${action === 'cancel' ? 'the Cancel button' : 'signing in as lab/lab'})`);
  const callback = curl(['-o', '/dev/null', '-w', '%{redirect_url}', ...fields, ...choice, login]).trim();
  if (!callback) throw new Error('the identity provider did not redirect back');
  console.log(`    -> 302 back to the load balancer: ${show(callback, 160)}`);
  console.log(`    GET ${show(callback, 160)}   (with the AWSALBAuthNonce cookie)`);
  return curl(['-i', '-b', jar, '-c', jar, callback]);
}

async function deregister(emulator, targetPort) {
  await sleep(700);
  // The admin endpoint takes unverified SigV4 (any key): a call that changes something needs the header's shape.
  const call = (params) => new Promise((resolve, reject) => {
    const body = new URLSearchParams({ Version: '2015-12-01', ...params }).toString();
    const request = require('http').request({
      host: '127.0.0.1', port: adminPort, method: 'POST', path: '/',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), 'X-Amz-Date': '20260101T000000Z',
        Authorization: `AWS4-HMAC-SHA256 Credential=LAB/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`,
      },
    }, (response) => { let text = ''; response.on('data', (d) => { text += d; }); response.on('end', () => resolve(text)); });
    request.on('error', reject);
    request.end(body);
  });
  const arn = /<TargetGroupArn>([^<]+)<\/TargetGroupArn>/.exec(await call({ Action: 'DescribeTargetGroups' }))[1];
  console.log(`  (deregistering 127.0.0.1:${targetPort} from ${arn} through the ELBv2 API)`);
  await call({ Action: 'DeregisterTargets', TargetGroupArn: arn, 'Targets.member.1.Id': '127.0.0.1', 'Targets.member.1.Port': String(targetPort) });
}

async function run(c) {
  console.log(`=== ${c.id}`);
  if (c.notYet) {
    console.log(`  not yet: ${c.notYet}`);
    return true;
  }

  console.log(`  cause: ${c.cause}`);
  const target = c.target === 'refused' ? { port: await unusedPort(), close: () => {} }
    : c.target === 'blocked' ? await startBlockedListener()
      : await startTarget(c.target);
  let emulator;
  try {
    const cfg = c.cfg ? c.cfg(target.port) : config({ targetPort: target.port, protocol: c.protocol, version: c.version, idle: c.idle, attributes: c.attributes });
    emulator = await startEmulator(cfg);
    const steps = c.flow ? [] : c.steps();
    console.log('  request:');
    for (const step of steps) if (typeof step === 'string' && step !== 'END' && step !== 'DESTROY') console.log(`    ${show(step).split('\n').join('\n    ')}`);
    expectedResponses = c.responses || 1;
    const during = c.during ? c.during(emulator, target.port) : null;
    const answer = c.flow ? await c.flow() : await exchange(steps, { readFor: c.slow ? 25000 : 15000, secure: c.secure });
    if (during) await during;
    console.log('  answer:');
    console.log(answer ? `    ${show(answer, 900).split('\n').join('\n    ')}` : '    (nothing: the connection is closed, no response is sent)');
    const logPattern = /^(http|https|h2) /;
    // Poll with a deadline until both the access-log line and the explanation are in (either may come last).
    const arrived = () => emulator.lines.some((l) => logPattern.test(l) && l.split(' ')[8] === String(c.status))
      && emulator.lines.some((l) => l.includes(`ALB-generated ${c.status}`));
    const deadline = Date.now() + 10000;
    while (!arrived() && Date.now() < deadline) await sleep(100);
    const logLines = emulator.lines.filter((l) => logPattern.test(l) && !l.includes(' /hc '));
    console.log('  access log:');
    logLines.forEach((l) => console.log(`    ${l.length > 400 ? `${l.slice(0, 400)}...` : l}`));
    const explanations = emulator.lines.filter((l) => l.includes('ALB-generated'));
    console.log('  explanation:');
    explanations.forEach((l) => console.log(`    ${l.replace(/^.*ALB-generated/, 'ALB-generated')}`));
    const status = String(c.status);
    const answered = c.logOnly ? answer === '' : new RegExp(`HTTP/1\\.1 ${status}[ \\r]`).test(answer);
    const logged = logLines.some((l) => l.split(' ')[8] === status);
    const explained = explanations.some((l) => l.includes(`ALB-generated ${status}`));
    const ok = answered && logged && explained;
    console.log(`  ${ok ? 'PASS' : 'FAIL'} ${c.id}${ok ? '' : ` (answer ${answered ? 'ok' : 'wrong'}, access log ${logged ? 'ok' : 'wrong'}, explanation ${explained ? 'ok' : 'missing'})`}`);
    return ok;
  } finally {
    if (emulator) emulator.stop();
    target.close();
    await sleep(300);
  }
}

(async () => {
  const which = process.argv[2] || 'list';
  closedPort = await unusedPort();
  if (which === 'list') {
    cases.forEach((c) => console.log(`${c.id.padEnd(32)} ${c.notYet ? `not yet: ${c.notYet}` : c.cause}`));
    return;
  }

  const selected = which === 'all' ? cases : cases.filter((c) => c.id === which || c.id.startsWith(`${which}-`));
  if (selected.length === 0) { console.error(`unknown case '${which}' (try: list)`); process.exit(2); }
  let failed = 0;
  for (const c of selected) {
    let ok = false;
    try { ok = await run(c); } catch (e) { console.log(`  FAIL ${c.id}: ${e.message}`); }
    if (!ok) failed++;
  }
  const ran = selected.filter((c) => !c.notYet).length;
  console.log(`troubleshooting lab: ${ran - failed} passed, ${failed} failed, ${selected.length - ran} not yet`);
  process.exit(failed ? 1 : 0);
})().catch((e) => { console.error(e); process.exit(1); });
