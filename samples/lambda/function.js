// A tiny Lambda Invoke API (POST /2015-03-31/functions/{name}/invocations) serving one handler, so
// AlbEmulator can forward to a "lambda" target group without AWS. Node's standard library only.
// Usage: node function.js [port]   (default 9001)
'use strict';
const http = require('http');

// The function: what you would deploy to AWS Lambda behind an ALB.
async function handler(event) {
  if (event.path === '/fail') {
    throw new Error('boom'); // → the ALB answers 502, access-log error_reason "LambdaUnhandled"
  }
  if (event.path === '/invalid') {
    return { statusCode: 200, headers: { 'x-flag': true } }; // non-string header → 502 "LambdaInvalidResponse"
  }
  return {
    statusCode: 200,
    statusDescription: '200 OK',
    isBase64Encoded: false,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'hello from Lambda', event }, null, 2),
  };
}

const port = Number(process.argv[2] || 9001);
const route = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

http.createServer((req, res) => {
  const match = req.method === 'POST' && route.exec(req.url.split('?')[0]);
  if (!match) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ Type: 'User', message: 'Function not found' }));
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    try {
      const result = await handler(event);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(result));
    } catch (err) {
      // What the Lambda service does when a function throws: 200 + X-Amz-Function-Error.
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
      res.end(JSON.stringify({ errorType: err.name, errorMessage: err.message }));
    }
  });
}).listen(port, '127.0.0.1', () => console.log(`Lambda Invoke API on http://127.0.0.1:${port}`));
