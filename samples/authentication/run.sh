#!/usr/bin/env bash
# samples/authentication: an app behind an HTTPS listener (9443) with an authenticate-cognito rule
# (/app/*, served by the built-in identity provider on the admin endpoint 9081) and a jwt-validation
# rule (/api/*). Signs in as alice with curl and a cookie jar, shows the verified claims the app
# received, then calls the API with a client-credentials token and without one (401).
# ALB_EMULATOR: how to start the emulator (default: dotnet run --project src/AlbEmulator.Host --).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
admin=http://127.0.0.1:9081
site=https://127.0.0.1:9443

pids=()
work="$(mktemp -d)"
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

node app.js 9100 "$admin" & pids+=("$!")
log="$work/alb.log"
(cd "$root" && exec ${ALB_EMULATOR:-dotnet run --project src/AlbEmulator.Host --} --config "$here/alb.json" --admin-url "$admin" --access-log -) > "$log" 2>&1 & alb_pid=$!; pids+=("$alb_pid")
# Poll with a deadline (the first `dotnet run` builds the emulator, hence 120 s) until both endpoints answer.
deadline=$((SECONDS + 120))
while kill -0 "$alb_pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
  if (exec 3<>/dev/tcp/127.0.0.1/9443) 2>/dev/null && curl -sf "$admin/idp/.well-known/openid-configuration" >/dev/null; then ready=1; break; fi
  sleep 0.1
done
[ -n "${ready:-}" ] || { echo "FAIL: the emulator did not start"; cat "$log"; exit 1; }

jar="$work/cookies"
# 1. No session: 302 to the built-in identity provider's sign-in form.
authorize="$(curl -sk -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$site/app/hello?x=1")"
echo "redirected to: ${authorize%%\?*}"
# 2. The form takes the authorize parameters plus username and password; it redirects to /oauth2/idpresponse.
callback="$(curl -s -o /dev/null -w '%{redirect_url}' --data "${authorize#*\?}&username=alice&password=alice-pw" "$admin/idp/login")"
echo "identity provider sends the browser to: ${callback%%\?*}"
# 3. The load balancer exchanges the code, sets AWSELBAuthSessionCookie-0 and sends the browser back.
back="$(curl -sk -c "$jar" -b "$jar" -o /dev/null -w '%{redirect_url}' "$callback")"
echo "back to: $back"
# 4. The app receives x-amzn-oidc-* and verifies x-amzn-oidc-data with the PEM from /public-keys/{kid}.
page="$(curl -sk -c "$jar" -b "$jar" "$back")"
echo "$page"
echo "$page" | grep -q '"verified": true' && echo "$page" | grep -q '"email": "alice@example.com"' || { echo "authentication sample: FAILED (sign-in)"; cat "$log"; exit 1; }

# 5. The API: a bearer token from the built-in provider (client credentials) passes jwt-validation.
token="$(curl -s "$admin/idp/token" -d grant_type=client_credentials -d client_id=orders-service -d client_secret=x -d 'scope=orders.read' | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
api="$(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$site/api/orders")"
none="$(curl -sk -o /dev/null -w '%{http_code}' "$site/api/orders")"
echo "API with a token: $api, without: $none"
deadline=$((SECONDS + 10))
until grep -q 'JWTHeaderNotPresent' "$log" || [ $SECONDS -ge $deadline ]; do sleep 0.1; done
echo "access log:"; grep -E '"(authenticate|jwt-validation)' "$log" | cut -c1-160 || true
[ "$api" = 200 ] && [ "$none" = 401 ] && grep -q '"authenticate,forward"' "$log" && grep -q '"JWTHeaderNotPresent"' "$log" \
  && echo "authentication sample: ok" || { echo "authentication sample: FAILED"; exit 1; }
