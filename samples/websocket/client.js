// Connects to a WebSocket URL, sends each argument as a text message (one after the other's echo),
// prints what it receives, then closes. Uses Node's built-in WebSocket client (Node 22+, or Node 20
// with --experimental-websocket). For wss:// with the emulator's generated certificate, start node
// with NODE_EXTRA_CA_CERTS=<the PEM the emulator announced>.
// Usage: node --experimental-websocket client.js <ws-url> [message...]
'use strict';
const [url, ...messages] = process.argv.slice(2);
if (!url) {
  console.error('usage: node --experimental-websocket client.js <ws-url> [message...]');
  process.exit(2);
}

const socket = new WebSocket(url);
const queue = messages.length > 0 ? messages : ['hello'];
const timer = setTimeout(() => { console.error('timed out'); process.exit(1); }, 15000);
socket.addEventListener('open', () => console.log(`open ${url}`));
socket.addEventListener('message', (event) => {
  console.log(`received ${event.data}`);
  if (queue.length > 0) {
    const next = queue.shift();
    console.log(`sent ${next}`);
    socket.send(next);
  } else {
    socket.close(1000, 'done');
  }
});
socket.addEventListener('close', (event) => {
  clearTimeout(timer);
  console.log(`closed ${event.code}`);
  process.exit(event.code === 1000 ? 0 : 1);
});
socket.addEventListener('error', (event) => {
  console.error(`error ${event.message || ''}`);
});
