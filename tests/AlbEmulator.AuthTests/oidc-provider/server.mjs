// A real, certified OpenID provider (the npm package oidc-provider) for AlbEmulator's authenticate-oidc
// tests. Listens on 127.0.0.1 (ephemeral port) and prints "listening <issuer>"; then reads one line on
// stdin, the load balancer's redirect URI (https://<host>/oauth2/idpresponse), registers the client
// alb-client / alb-secret with it, and prints "ready". The sign-in uses oidc-provider's own
// development login and consent pages (any login, any password). Exits when stdin closes.
import http from 'node:http';
import readline from 'node:readline';
import Provider from 'oidc-provider';

let callback = (req, res) => { res.statusCode = 503; res.end('not ready'); };
const server = http.createServer((req, res) => callback(req, res));

server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  console.log(`listening ${issuer}`);
  const lines = readline.createInterface({ input: process.stdin });
  lines.once('line', (redirectUri) => {
    const provider = new Provider(issuer, {
      clients: [{
        client_id: 'alb-client',
        client_secret: 'alb-secret',
        redirect_uris: [redirectUri.trim()],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      }],
      async findAccount(ctx, sub) {
        return {
          accountId: sub,
          async claims() {
            return { sub, email: `${sub}@oidc.test`, email_verified: true, name: `User ${sub}` };
          },
        };
      },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      scopes: ['openid', 'email', 'profile', 'offline_access'],
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => false },
      issueRefreshToken: async () => true,
      ttl: { AccessToken: 3600, IdToken: 3600, RefreshToken: 86400, Interaction: 900, Session: 3600, Grant: 3600 },
      cookies: { keys: ['albemulator-test-cookie-key'] },
    });
    provider.on('server_error', (ctx, err) => console.error('server_error', err));
    callback = provider.callback();
    console.log('ready');
  });
  lines.on('close', () => server.close(() => process.exit(0)));
});
