#!/usr/bin/env bash
# samples/websocket: a WebSocket echo server behind AlbEmulator (HTTP listener 8080 and HTTPS listener
# 8443 → HTTP1 target group → 127.0.0.1:3000), driven by a WebSocket client over ws:// and wss://.
# Prints the frames and the access-log lines (type ws / wss, status 101, one per connection, written
# when it closes). Exits non-zero if an exchange fails.
# ALB_EMULATOR: how to start the emulator (default: dotnet run --project src/AlbEmulator.Host --).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

node echo-server.js 3000 & pids+=("$!")
log="$(mktemp)"
(cd "$root" && exec ${ALB_EMULATOR:-dotnet run --project src/AlbEmulator.Host --} --config "$here/alb.json" --access-log -) > "$log" 2>&1 & alb_pid=$!; pids+=("$alb_pid")
# Poll with a deadline (the first `dotnet run` builds the emulator, hence 120 s) until the listeners answer.
deadline=$((SECONDS + 120))
while kill -0 "$alb_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
  cert="$(sed -n 's/.*--cacert \([^ ]*\).*/\1/p' "$log" | head -n 1)"
  if [ -n "$cert" ] && (exec 3<>/dev/tcp/127.0.0.1/8080) 2>/dev/null && (exec 3<>/dev/tcp/127.0.0.1/8443) 2>/dev/null; then break; fi
  sleep 0.1
done
[ -n "${cert:-}" ] || { echo "FAIL: the emulator did not start"; cat "$log"; exit 1; }

node --experimental-websocket --no-warnings client.js ws://127.0.0.1:8080/chat one two
NODE_EXTRA_CA_CERTS="$cert" node --experimental-websocket --no-warnings client.js wss://localhost:8443/secure three

deadline=$((SECONDS + 10))
until [ "$(grep -cE '^wss? ' "$log")" -ge 2 ] || [ $SECONDS -ge $deadline ]; do sleep 0.1; done
echo "access log:"; grep -E '^wss? ' "$log"
[ "$(grep -cE '^ws .* 101 101 ' "$log")" -eq 1 ] && [ "$(grep -cE '^wss .* 101 101 ' "$log")" -eq 1 ] \
  && echo "websocket sample: ok" || { echo "websocket sample: FAILED"; exit 1; }
