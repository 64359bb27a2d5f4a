#!/usr/bin/env bash
# samples/grpc: a grpc-js server behind AlbEmulator (HTTPS listener 8443 → GRPC target group → h2c
# target on 50051), called with a grpc-js client over TLS: unary, server/client/bidirectional
# streaming, an error status from the server, and a call with the target stopped (ALB's 502 in gRPC
# form). Exits non-zero if a call does not give the expected status.
# ALB_EMULATOR: how to start the emulator (default: dotnet run --project src/AlbEmulator.Host --).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
if ! cmp -s package-lock.json node_modules/.installed-lock.json; then
  npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.installed-lock.json
fi

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

node server.js --port 50051 & server_pid=$!; pids+=("$server_pid")
# The listener has no certificate: the emulator generates a self-signed one and says where it wrote it.
log="$(mktemp)"
(cd "$root" && exec ${ALB_EMULATOR:-dotnet run --project src/AlbEmulator.Host --} --config "$here/alb.json" --access-log -) > "$log" 2>&1 & alb_pid=$!; pids+=("$alb_pid")
# Poll with a deadline (the first `dotnet run` builds the emulator, hence 120 s) until the listeners answer.
deadline=$((SECONDS + 120))
while kill -0 "$alb_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
  cert="$(sed -n 's/.*--cacert \([^ ]*\).*/\1/p' "$log" | head -n 1)"
  if [ -n "$cert" ] && grep -q "8443" "$log" && (exec 3<>/dev/tcp/127.0.0.1/8443) 2>/dev/null; then break; fi
  sleep 0.1
done
[ -n "${cert:-}" ] || { echo "FAIL: the emulator did not start"; cat "$log"; exit 1; }

failed=0
call() {
  local expect="$1"; shift
  local out; out="$(node client.js 127.0.0.1:8443 "$cert" "$@")"
  echo "grpc $*: $out"
  case "$out" in *"\"name\":\"$expect\""*) ;; *) echo "FAIL: expected $expect"; failed=1 ;; esac
}
call OK unary hello
call OK server-stream tick 3
call OK client-stream a b c
call OK bidi x y z
call INVALID_ARGUMENT unary fail
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
call UNAVAILABLE unary hello   # target down: ALB answers HTTP 502, grpc-status 14, grpc-message "unavailable"

echo "access log:"; grep -E '^(grpcs|h2|https) ' "$log" || true
[ "$failed" -eq 0 ] && echo "grpc sample: ok" || { echo "grpc sample: FAILED"; exit 1; }
