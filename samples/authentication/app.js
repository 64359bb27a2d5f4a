// The application behind the load balancer: verifies x-amzn-oidc-data the way AWS documents it (fetch
// the PEM for the token's kid, check the ES256 signature), with the public-key URL swapped for the
// emulator's {admin-url}/public-keys/{kid}. No dependencies: node's crypto only.
// Usage: node app.js PORT ADMIN_URL
import http from 'node:http';
import crypto from 'node:crypto';

const port = Number(process.argv[2] ?? 9100);
const adminUrl = process.argv[3] ?? 'http://127.0.0.1:9081';
const keys = new Map();

async function verify(token) {
  const [header, payload, signature] = token.split('.');
  const decode = (segment) => Buffer.from(segment, 'base64url'); // accepts ALB's '=' padding
  const { kid, alg, signer } = JSON.parse(decode(header));
  if (alg !== 'ES256') throw new Error(`unexpected alg ${alg}`);
  if (!keys.has(kid)) keys.set(kid, await (await fetch(`${adminUrl}/public-keys/${kid}`)).text());
  const ok = crypto.verify('sha256', Buffer.from(`${header}.${payload}`),
    { key: keys.get(kid), dsaEncoding: 'ieee-p1363' }, decode(signature));
  if (!ok) throw new Error('bad signature');
  return { signer, claims: JSON.parse(decode(payload)) };
}

http.createServer(async (req, res) => {
  if (req.url === '/health') { res.end('ok'); return; }
  const body = { path: req.url, identity: req.headers['x-amzn-oidc-identity'] ?? null };
  try {
    if (req.headers['x-amzn-oidc-data']) Object.assign(body, { verified: true }, await verify(req.headers['x-amzn-oidc-data']));
    if (req.headers.authorization) body.bearer = 'forwarded unchanged';
  } catch (e) {
    body.verified = false; body.error = String(e);
  }
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body, null, 2) + '\n');
}).listen(port, '127.0.0.1', () => console.log(`app on http://127.0.0.1:${port}`));
