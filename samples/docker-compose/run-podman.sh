#!/usr/bin/env bash
# Runs the compose sample without Docker: builds the AlbEmulator image FROM scratch (build-image.sh) and a
# static-busybox image for the two services, starts compose.yaml with podman-compose (the emulator in
# front of "web" and "api" on a podman network, addressed by service name), waits for the emulator's
# healthcheck, checks the routing through the published port and the access log, then tears it down.
#
#   bash samples/docker-compose/run-podman.sh
#
# Needs: apt-get install -y podman buildah runc busybox-static podman-compose; the .NET 10 SDK.
# ALB_PORT (default 18080) is the host port; ALB_KEEP=1 leaves the containers running. ALB_IMAGE_BUILT=1 uses
# the localhost/alb-emulator:dev image build-image.sh made earlier (CI builds it once for Testcontainers too)
# instead of building it again; a missing image is then an error.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/podman-env.sh"
export ALB_PORT="${ALB_PORT:-18080}" ALB_HTTPS_PORT="${ALB_HTTPS_PORT:-18443}" ALB_ADMIN_PORT="${ALB_ADMIN_PORT:-18081}" BUSYBOX_IMAGE="localhost/busybox-static:dev" ALB_IMAGE="localhost/alb-emulator:dev"
project=alb-sample
podman_global="--root $ALB_PODMAN_DIR/root --runroot $ALB_PODMAN_DIR/runroot --storage-driver vfs --runtime /usr/sbin/runc"
compose() {
  podman-compose -p "$project" --podman-args "$podman_global" --podman-run-args "${PODMAN_RUN_LIMITS[*]}" \
    -f "$here/compose.yaml" "$@" 2>&1 | grep -Ev '^\[|^podman |level=error|syslog|^exit code: 0$' || true
}

for tool in podman runc podman-compose busybox dotnet curl; do
  command -v "$tool" >/dev/null || { echo "run-podman.sh: '$tool' is missing (see the header of this script)"; exit 2; }
done

if [ "${ALB_IMAGE_BUILT:-0}" = "1" ]; then
  podman_cmd image exists "$ALB_IMAGE" || { echo "run-podman.sh: ALB_IMAGE_BUILT=1 but $ALB_IMAGE does not exist (run build-image.sh)"; exit 2; }
  echo "Using $ALB_IMAGE, built before"
else
  bash "$here/build-image.sh"
fi

bb="$ALB_PODMAN_DIR/busybox-ctx"
rm -rf "$bb" && mkdir -p "$bb"
cp -L "$(command -v busybox)" "$bb/busybox"
printf 'FROM scratch\nCOPY busybox /bin/busybox\nENTRYPOINT ["/bin/busybox"]\n' > "$bb/Containerfile"
podman_cmd build -q -t "$BUSYBOX_IMAGE" "$bb" >/dev/null

cleanup() {
  if [ "${ALB_KEEP:-0}" != "1" ]; then
    compose down -t 2 >/dev/null
    podman_cmd rm -f -t 1 "${project}_alb_1" "${project}_web_1" "${project}_api_1" >/dev/null 2>&1 || true
    podman_cmd network rm -f "${project}_default" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
cleanup
compose up -d

fail() { echo "FAIL: $*"; podman_cmd logs "${project}_alb_1" 2>&1 | tail -20; exit 1; }

# Wait for the compose healthcheck (GET /healthz on the admin endpoint, run inside the container).
deadline=$((SECONDS + 60))
# podman healthcheck run: exit code 0 and no output when healthy, "unhealthy" otherwise.
until out=$(podman_cmd healthcheck run "${project}_alb_1" 2>/dev/null) && [ -z "$out" ]; do
  [ $SECONDS -lt $deadline ] || fail "the emulator did not become healthy within 60 s"
  sleep 0.5
done
echo "healthcheck: healthy"

base="http://127.0.0.1:$ALB_PORT"
web=$(curl -sS "$base/")
[ "$web" = "hello from web" ] || fail "GET / returned '$web'"
api=$(curl -sS "$base/api/hello")
[ "$api" = "hello from api" ] || fail "GET /api/hello returned '$api'"
redirect=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "$base/old")
[ "$redirect" = "301 http://127.0.0.1:8080/" ] || fail "GET /old returned '$redirect'"
echo "routing: / -> web, /api/hello -> api, /old -> 301"

# The admin endpoint from the host (ALB_EMULATOR_ADMIN_URL=http://0.0.0.0:8081, published on 127.0.0.1).
admin="http://127.0.0.1:$ALB_ADMIN_PORT"
health=$(curl -sS "$admin/healthz")
case "$health" in "ok app/compose-alb/"*) ;; *) fail "GET $admin/healthz returned '$health'" ;; esac
curl -sS "$admin/metrics" | grep -q '^RequestCount{LoadBalancer="app/compose-alb/' || fail "GET $admin/metrics has no RequestCount series"
echo "admin endpoint from the host: /healthz, /metrics"

# HTTPS with the generated certificate, trusted by its PEM, for the names in it: the service name "alb"
# (ALB_EMULATOR_CERT_NAMES) and the listener's host-header value.
pem="$ALB_PODMAN_DIR/listener-8443.pem"
podman_cmd cp "${project}_alb_1:/home/app/.local/share/alb-emulator/certs/listener-8443.pem" "$pem" || fail "no generated certificate in the container"
secure=$(curl -sS --cacert "$pem" --resolve "alb:$ALB_HTTPS_PORT:127.0.0.1" "https://alb:$ALB_HTTPS_PORT/")
[ "$secure" = "hello from web" ] || fail "GET https://alb/ returned '$secure'"
secure=$(curl -sS --cacert "$pem" --resolve "api.compose.test:$ALB_HTTPS_PORT:127.0.0.1" "https://api.compose.test:$ALB_HTTPS_PORT/api/hello")
[ "$secure" = "hello from api" ] || fail "GET https://api.compose.test/api/hello returned '$secure'"
echo "https: certificate generated for alb and api.compose.test, trusted with its PEM"

deadline=$((SECONDS + 10))
until log=$(podman_cmd logs "${project}_alb_1" 2>/dev/null | grep '^http ') \
      && echo "$log" | grep -q ' web:8080 .* 200 200 ' && echo "$log" | grep -q ' api:8080 .* 200 200 '; do
  [ $SECONDS -lt $deadline ] || fail "no access-log lines for web:8080 and api:8080"
  sleep 0.2
done
echo "$log"
if ! echo "$log" | grep -q '"redirect"'; then
  # Known: with --access-log, lines of requests that follow each other within the flush interval can
  # be lost (AccessLogs/AccessLogWriter on this branch; see docs/docker-compose.md).
  echo "NOTE: the access-log line of the redirect is missing (known access-log batching issue)"
fi
echo "docker-compose sample: OK"
