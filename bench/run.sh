#!/usr/bin/env bash
# bench/run.sh — AlbEmulator vs the origin, bare YARP, nginx and HAProxy on loopback (docs/performance.md).
#
#   bash bench/run.sh            # full run: 3 interleaved repetitions, 5 s per measurement (~20-30 minutes with all sections)
#   bash bench/run.sh --quick    # smoke run: 1 repetition, 3 s per measurement (~10 minutes with all sections)
#
# Installs wrk, h2load (nghttp2-client), nginx and HAProxy with apt-get when missing, publishes
# AlbEmulator twice (the JIT build, ReadyToRun, and the Native AOT binary "AlbEmulator AOT"; BENCH_AOT=0 skips the
# latter), bench/BareYarp, bench/BenchOrigin and bench/FloorProxy in Release into a temp dir, warms every
# target past tiered compilation (10 s / 15 s plus H2N h2 requests), then measures
#   HTTP/1.1 keep-alive: wrk -t1 -c{16,64,256} (report.lua prints exact p50/p99)
#   HTTP/2 over TLS:     h2load -c16 -m10 (p50/p99 sorted from its --log-file, kept on tmpfs)
# for every target, in shuffled order within each repetition (drift hits every target alike), and
# prints medians, the ratios AlbEmulator / bare YARP and AlbEmulator / nginx, the proxy's CPU time per
# request (utime+stime from /proc/<pid>/stat; on h2 per request that succeeded) and RSS (idle, and after the load),
# and at h1 c=64 the floor: bench/FloorProxy's least-work .NET proxies, interleaved (BENCH_FLOOR=0 skips them). Then (BENCH_EXTRA=0 skips
# it): RSS per idle keep-alive connection and across connection storms (BENCH_STORM, default 5000; measured
# before any load), process start to the first proxied 200, AlbEmulator.Testing StartAsync to the first
# response (bench/FixtureStartup), and CPU per request as the configuration grows (rules with regex
# conditions, targets, listeners, WAF, transforms, HTTPS and jwt-validation), each with bare YARP, nginx
# and HAProxy from the same run; BENCH_SVG=<file> writes the scale plot. Every process it starts is
# killed on exit. Environment: BENCH_PORT_BASE (default 19500), BENCH_REPS, BENCH_SECONDS;
# BENCH_BASELINE=<git revision> also builds AlbEmulator at that revision (git archive, no worktree) and
# measures it as "AlbEmulator @rev" interleaved with the others: a before/after in one run.
#   bash bench/run.sh --memory   # only memory (idle RSS and what makes it, per connection, BENCH_STORMS storms,
#                                # default 3) and start-up, with the same proxies and BENCH_BASELINE: a few minutes
set -euo pipefail

QUICK=0; MEMONLY=0
for arg in "$@"; do
  case "$arg" in
    --quick) QUICK=1 ;;
    --memory) MEMONLY=1 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
B=${BENCH_PORT_BASE:-19500}
# Warm-up: the emulator has more code than bare YARP to take through tiered compilation (tier 0, instrumented, tier 1);
# at load 20 that goes on for 12-15 s of traffic, so a short warm-up measured the JIT (issue 22). SCALE_WARM per scale point.
if [[ $QUICK == 1 ]]; then REPS=${BENCH_REPS:-1}; SECS=${BENCH_SECONDS:-3}; H2N=30000; WARM=10; SCALE_WARM=12
else REPS=${BENCH_REPS:-3}; SECS=${BENCH_SECONDS:-5}; H2N=60000; WARM=15; SCALE_WARM=15; fi
CONNS=(16 64 256)
TICK=$(getconf CLK_TCK)

WORK=$(mktemp -d /tmp/alb-bench.XXXXXX)
SHM=$(mktemp -d /dev/shm/alb-bench.XXXXXX 2>/dev/null || mktemp -d "$WORK/shm.XXXXXX")
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  for pid in "${PIDS[@]:-}"; do [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true; done
  rm -rf "$SHM"
  [[ "${BENCH_KEEP:-0}" == 1 ]] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
load1() { cut -d' ' -f1 /proc/loadavg; }

# ---------------------------------------------------------------- tools
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v h2load >/dev/null || need+=(nghttp2-client)
command -v nginx >/dev/null || need+=(nginx-light)
command -v haproxy >/dev/null || need+=(haproxy)
command -v openssl >/dev/null || need+=(openssl)
if ((${#need[@]})); then
  log "installing ${need[*]}"
  SUDO=""; [[ $(id -u) == 0 ]] || SUDO=sudo
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# ---------------------------------------------------------------- build
log "publishing Release builds into $WORK"
# The emulator is published twice: "alb", the JIT build (ReadyToRun, framework-dependent: what `dotnet run` and the
# dotnet tool run, minus their start-up JIT), and "aot", the Native AOT binary that a RID-specific publish gives (the
# release binary, the container image; AlbEmulator.Host.csproj, docs/performance.md "Native AOT and memory"; needs
# clang and zlib1g-dev). BENCH_AOT=0 leaves the AOT binary out.
RID=(-r linux-x64 --self-contained false -p:PublishAot=false)
AOT=${BENCH_AOT:-1}
BUILDS=("src/AlbEmulator.Host:alb" "bench/BareYarp:yarp" "bench/BenchOrigin:origin" "bench/FixtureStartup:fixture")
[[ $AOT == 1 ]] && BUILDS+=("src/AlbEmulator.Host:aot")
FLOOR=${BENCH_FLOOR:-1}; [[ $MEMONLY == 1 ]] && FLOOR=0
[[ $FLOOR == 1 ]] && BUILDS+=("bench/FloorProxy:floor")
for p in "${BUILDS[@]}"; do
  rid=(); [[ ${p##*:} == alb ]] && rid=("${RID[@]}"); [[ ${p##*:} == aot ]] && rid=(-r linux-x64 -p:DebugType=none)
  dotnet publish "$ROOT/${p%%:*}" -c Release "${rid[@]}" -o "$WORK/${p##*:}" --nologo -v quiet >"$WORK/build-${p##*:}.log" 2>&1 \
    || { cat "$WORK/build-${p##*:}.log" >&2; exit 1; }
done
BASE=${BENCH_BASELINE:-}
if [[ -n "$BASE" ]]; then
  log "publishing AlbEmulator at $BASE"
  mkdir -p "$WORK/base-src"
  git -C "$ROOT" archive "$BASE" | tar -x -C "$WORK/base-src"
  dotnet publish "$WORK/base-src/src/AlbEmulator.Host" -c Release "${RID[@]}" -o "$WORK/alb0" --nologo -v quiet >"$WORK/build-alb0.log" 2>&1 \
    || { cat "$WORK/build-alb0.log" >&2; exit 1; }
fi

openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
cat "$WORK/cert.pem" "$WORK/key.pem" >"$WORK/combined.pem"

# ---------------------------------------------------------------- configs
O1=$((B + 11)); O2=$((B + 12)); O3=$((B + 13))              # nginx origin (3 server blocks)
KO_H2C=$((B + 1)); KO_H2=$((B + 2))                         # Kestrel origin: h2c, h2 over TLS
ALB_H1=$((B + 41)); ALB_H2=$((B + 42)); ALB_ADMIN=$((B + 43))
ALB0_H1=$((B + 44)); ALB0_H2=$((B + 45)); ALB0_ADMIN=$((B + 46))
AOT_H1=$((B + 47)); AOT_H2=$((B + 48)); AOT_ADMIN=$((B + 49))
YARP_H1=$((B + 51)); YARP_H2=$((B + 52))
NGX_H1=$((B + 21)); NGX_H2=$((B + 22))
HAP_H1=$((B + 31)); HAP_H2=$((B + 32))

nginx_conf() { # dir, server blocks
  mkdir -p "$1/tmp"
  cat >"$1/nginx.conf" <<EOF
worker_processes 1; daemon off; pid $1/nginx.pid; error_log $1/error.log warn;
worker_rlimit_nofile 16384;
events { worker_connections 8192; }
http {
  access_log off; default_type text/plain; keepalive_requests 10000000; keepalive_timeout 300s;
  client_body_temp_path $1/tmp/body; proxy_temp_path $1/tmp/proxy; fastcgi_temp_path $1/tmp/fastcgi;
  uwsgi_temp_path $1/tmp/uwsgi; scgi_temp_path $1/tmp/scgi;
$2
}
EOF
}
nginx_conf "$WORK/ngx-origin" "
  server { listen 127.0.0.1:$O1; location / { return 200 \"Hello, World!\"; } }
  server { listen 127.0.0.1:$O2; location / { return 200 \"Hello, World!\"; } }
  server { listen 127.0.0.1:$O3; location / { return 200 \"Hello, World!\"; } }"
nginx_conf "$WORK/ngx-proxy" "
  upstream origin { server 127.0.0.1:$O1; keepalive 1024; keepalive_requests 10000000; keepalive_timeout 300s; }
  server {
    listen 127.0.0.1:$NGX_H1; listen 127.0.0.1:$NGX_H2 ssl http2;
    ssl_certificate $WORK/cert.pem; ssl_certificate_key $WORK/key.pem;
    location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection \"\";
                 proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for; }
  }"

cat >"$WORK/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 8000
defaults
  mode http
  option forwardfor
  timeout connect 5s
  timeout client 300s
  timeout server 300s
  timeout http-keep-alive 300s
frontend fe
  bind 127.0.0.1:$HAP_H1
  bind 127.0.0.1:$HAP_H2 ssl crt $WORK/combined.pem alpn h2
  default_backend be
backend be
  server o1 127.0.0.1:$O1
EOF

# AlbEmulator: an HTTP and an HTTPS listener, each with 10 rules evaluated (none matches "/") before
# the default forward to a group of 3 targets (the 3 nginx origin server blocks); access log to a file.
rules_json() {
  cat <<'EOF'
        { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/api/v1/*", "/api/v2/*" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "r1" } } ] },
        { "Priority": 2, "Conditions": [ { "Field": "host-header", "HostHeaderConfig": { "Values": [ "*.internal.example.com" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "r2" } } ] },
        { "Priority": 3, "Conditions": [ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "X-Canary", "Values": [ "on", "true" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "r3" } } ] },
        { "Priority": 4, "Conditions": [ { "Field": "query-string", "QueryStringConfig": { "Values": [ { "Key": "version", "Value": "beta*" } ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "r4" } } ] },
        { "Priority": 5, "Conditions": [ { "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "PUT", "DELETE" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "r5" } } ] },
        { "Priority": 6, "Conditions": [ { "Field": "source-ip", "SourceIpConfig": { "Values": [ "192.0.2.0/24", "2001:db8::/32" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "403", "ContentType": "text/plain", "MessageBody": "r6" } } ] },
        { "Priority": 7, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/static/*.css", "/static/*.js" ] } }, { "Field": "http-request-method", "HttpRequestMethodConfig": { "Values": [ "GET" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "r7" } } ] },
        { "Priority": 8, "Conditions": [ { "Field": "host-header", "HostHeaderConfig": { "Values": [ "admin.example.com" ] } }, { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/admin*" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "403", "ContentType": "text/plain", "MessageBody": "r8" } } ] },
        { "Priority": 9, "Conditions": [ { "Field": "http-header", "HttpHeaderConfig": { "HttpHeaderName": "User-Agent", "Values": [ "*Googlebot*", "*bingbot*" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "r9" } } ] },
        { "Priority": 10, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/health*" ] } } ], "Actions": [ { "Type": "fixed-response", "FixedResponseConfig": { "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok" } } ] }
EOF
}
alb_json() { # h1 port, h2 port
cat <<EOF
{
  "LoadBalancer": { "Name": "bench-alb" },
  "Listeners": [
    { "Port": $1, "Protocol": "HTTP", "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
      "Rules": [
$(rules_json)
      ] },
    { "Port": $2, "Protocol": "HTTPS", "Certificates": [ { "CertificateFile": "$WORK/cert.pem", "PrivateKeyFile": "$WORK/key.pem" } ],
      "DefaultActions": [ { "Type": "forward", "TargetGroupName": "web" } ],
      "Rules": [
$(rules_json)
      ] }
  ],
  "TargetGroups": [
    { "Name": "web", "Protocol": "HTTP", "Port": $O1, "HealthCheckPath": "/", "HealthCheckIntervalSeconds": 5,
      "HealthCheckTimeoutSeconds": 2, "HealthyThresholdCount": 2,
      "Targets": [ { "Id": "127.0.0.1", "Port": $O1 }, { "Id": "127.0.0.1", "Port": $O2 }, { "Id": "127.0.0.1", "Port": $O3 } ] }
  ]
}
EOF
}
alb_json "$ALB_H1" "$ALB_H2" >"$WORK/alb.json"
[[ -n "$BASE" ]] && alb_json "$ALB0_H1" "$ALB0_H2" >"$WORK/alb0.json"
[[ $AOT == 1 ]] && alb_json "$AOT_H1" "$AOT_H2" >"$WORK/aot.json"

cat >"$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
EOF

# ---------------------------------------------------------------- processes
declare -A PID FLPORT
start() { # name, command...
  local name=$1; shift
  "$@" >"$WORK/$name.out" 2>&1 &
  PID[$name]=$!
  PIDS+=("$!")
}
wait_port() { # port [tries of 0.1 s, default 100]
  local i
  for i in $(seq 1 "${2:-100}"); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  log "port $1 did not open"; return 1
}
pids_of() { # a process and its children (nginx master + workers)
  echo "$1"; pgrep -P "$1" 2>/dev/null || true
}
cpu_ticks() { local t=0 p; for p in $(pids_of "$1"); do
  [[ -r /proc/$p/stat ]] && t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo "$t"; }
rss_kb() { local t=0 p; for p in $(pids_of "$1"); do
  [[ -r /proc/$p/status ]] && t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done; echo "$t"; }
rss_mb() { local t=0 p; for p in $(pids_of "$1"); do
  [[ -r /proc/$p/status ]] && t=$((t + $(awk '/^VmRSS/ {print $2}' "/proc/$p/status"))); done; echo $((t / 1024)); }

log "starting origins and proxies"
start ngx-origin nginx -c "$WORK/ngx-origin/nginx.conf" -p "$WORK/ngx-origin/"
start korigin "$WORK/origin/BenchOrigin" "$KO_H2C" "$KO_H2" "$WORK/cert.pem" "$WORK/key.pem"
start ngx-proxy nginx -c "$WORK/ngx-proxy/nginx.conf" -p "$WORK/ngx-proxy/"
start haproxy haproxy -db -f "$WORK/haproxy.cfg"
start yarp "$WORK/yarp/BareYarp" "$YARP_H1" "$YARP_H2" "$WORK/cert.pem" "$WORK/key.pem" "http://127.0.0.1:$O1"
start alb "$WORK/alb/alb-emulator" --config "$WORK/alb.json" --access-log "$WORK/access.log" --admin-url "http://127.0.0.1:$ALB_ADMIN"
PROXIES=(alb yarp ngx-proxy haproxy)
if [[ -n "$BASE" ]]; then
  start alb0 "$WORK/alb0/alb-emulator" --config "$WORK/alb0.json" --access-log "$WORK/access0.log" --admin-url "http://127.0.0.1:$ALB0_ADMIN"
  wait_port "$ALB0_H1"
  PROXIES=(alb alb0 yarp ngx-proxy haproxy)
fi
if [[ $AOT == 1 ]]; then
  start aot "$WORK/aot/alb-emulator" --config "$WORK/aot.json" --access-log "$WORK/access-aot.log" --admin-url "http://127.0.0.1:$AOT_ADMIN"
  wait_port "$AOT_H1"
  PROXIES+=(aot)
fi
# The floor (BENCH_FLOOR=0 leaves it out): the least work per request an HTTP/1.1 proxy can do in .NET here
# (bench/FloorProxy), run with the emulator host's runtime settings (inline socket completions, spin limit 0;
# src/AlbEmulator.Host): raw sockets; Kestrel's transport without its HTTP layer; Kestrel's HTTP/1.1 layer with a
# minimal forwarder, on Kestrel's scheduling and inline; the same forwarder under the ASP.NET Core pipeline served by an
# HTTP/1.1 server of its own on raw sockets instead of Kestrel (pipeline); Kestrel answering by itself. HTTP/1.1 c=64 only.
FLOORS=()
if [[ $FLOOR == 1 ]]; then
  FL=$((B + 80))   # B+61..67: the start-up section's ports
  for m in sockets transport kestrel kestrel-inline pipeline hello; do
    inline=0; [[ $m == kestrel-inline ]] && inline=1
    start "floor-$m" env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 FLOOR_INLINE=$inline \
      "$WORK/floor/FloorProxy" "${m%-inline}" "$FL" "$O1"
    FLPORT[floor-$m]=$FL; FLOORS+=("floor-$m"); FL=$((FL + 1))
  done
fi
for p in $O1 $O2 $O3 $KO_H2C $KO_H2 $NGX_H1 $HAP_H1 $YARP_H1 $ALB_H1 $ALB_H2 $ALB_ADMIN "${FLPORT[@]}"; do wait_port "$p"; done
for i in $(seq 1 150); do   # the 3 targets healthy (HealthyThresholdCount 2, interval 5 s)
  [[ $(curl -s "http://127.0.0.1:$ALB_ADMIN/targets" | grep -o '"healthy"' | wc -l) -ge 3 ]] && break
  sleep 0.2
done
curl -s "http://127.0.0.1:$ALB_ADMIN/targets" | grep -q '"healthy"' || log "warning: targets not reported healthy yet"
for t in "$ALB_H1" "$YARP_H1" "$NGX_H1" "$HAP_H1" $([[ $AOT == 1 ]] && echo "$AOT_H1") "${FLPORT[@]}"; do
  [[ $(curl -s "http://127.0.0.1:$t/") == "Hello, World!" ]] || { log "port $t does not proxy to the origin"; exit 1; }
done
sleep 1
declare -A RSS_IDLE
for n in "${PROXIES[@]}"; do RSS_IDLE[$n]=$(rss_mb "${PID[$n]}"); done

# target name -> process, HTTP/1.1 port, h2 URL
declare -A H1PORT=([direct]=$O1 [alb]=$ALB_H1 [yarp]=$YARP_H1 [nginx]=$NGX_H1 [haproxy]=$HAP_H1)
declare -A H2URL=([direct]="https://127.0.0.1:$KO_H2/" [alb]="https://127.0.0.1:$ALB_H2/" [yarp]="https://127.0.0.1:$YARP_H2/"
                  [nginx]="https://127.0.0.1:$NGX_H2/" [haproxy]="https://127.0.0.1:$HAP_H2/")
declare -A PROC=([direct]=ngx-origin [alb]=alb [yarp]=yarp [nginx]=ngx-proxy [haproxy]=haproxy)
TARGETS=(direct alb yarp nginx haproxy)
if [[ -n "$BASE" ]]; then
  H1PORT[alb0]=$ALB0_H1; H2URL[alb0]="https://127.0.0.1:$ALB0_H2/"; PROC[alb0]=alb0
  TARGETS=(direct alb alb0 yarp nginx haproxy)
fi
if [[ $AOT == 1 ]]; then
  H1PORT[aot]=$AOT_H1; H2URL[aot]="https://127.0.0.1:$AOT_H2/"; PROC[aot]=aot
  TARGETS+=(aot)
fi
for f in "${FLOORS[@]}"; do H1PORT[$f]=${FLPORT[$f]}; PROC[$f]=$f; done
RESULTS="$WORK/results.txt"; : >"$RESULTS"

measure_h1() { # target conc rep
  local t=$1 c=$2 r=$3 pid=${PID[${PROC[$1]}]} before after out l
  l=$(load1); before=$(cpu_ticks "$pid")
  out=$(wrk -t1 -c"$c" -d"${SECS}s" -s "$WORK/report.lua" "http://127.0.0.1:${H1PORT[$t]}/" 2>&1 | awk '/^RESULT/')
  after=$(cpu_ticks "$pid")
  read -r _ req dur p50 p99 err <<<"$out"
  echo "$t h1-c$c $r $(awk -v q="$req" -v d="$dur" 'BEGIN{printf "%.0f", q*1e6/d}') $p50 $p99 \
$(awk -v a="$after" -v b="$before" -v q="$req" -v k="$TICK" 'BEGIN{printf "%.0f", (a-b)*1e6/k/q}') $err $l $req" >>"$RESULTS"
}
measure_h2() { # target rep
  local t=$1 r=$2 pid=${PID[${PROC[$1]}]} before after out l rps err ok
  l=$(load1); before=$(cpu_ticks "$pid"); rm -f "$SHM/h2.log"
  out=$(h2load -n"$H2N" -c16 -m10 --log-file="$SHM/h2.log" "${H2URL[$t]}" 2>&1)
  after=$(cpu_ticks "$pid")
  rps=$(awk '/^finished in/ {gsub(",", ""); print int($4)}' <<<"$out")
  err=$(awk '/^requests:/ {print $10 + $12}' <<<"$out")
  # CPU per request divides by the requests that succeeded (h2load's "succeeded"), not by the requests sent: a
  # failed or reset request costs less than a proxied one and must not lower the figure.
  ok=$(awk '/^requests:/ {print $8}' <<<"$out")
  read -r p50 p99 < <(cut -f3 "$SHM/h2.log" | sort -n | awk '{v[NR]=$1} END {print v[int(NR*0.5)+0], v[int(NR*0.99)+0]}')
  echo "$t h2-tls $r ${rps:-0} ${p50:-0} ${p99:-0} \
$(awk -v a="$after" -v b="$before" -v q="${ok:-0}" -v k="$TICK" 'BEGIN{printf "%.0f", (q > 0 ? (a-b)*1e6/k/q : 0)}') ${err:-0} $l ${ok:-0}" >>"$RESULTS"
}

# ---------------------------------------------------------------- memory (before any load: idle processes)
EXTRA=${BENCH_EXTRA:-1}
MEMORY="$WORK/memory.txt"; : >"$MEMORY"
if [[ $EXTRA == 1 ]]; then
  # Idle keep-alive connections: N clients each send one request and hold the connection open.
  cat >"$WORK/conns.py" <<'EOF'
import asyncio, resource, sys
hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
port, n, hold, ready = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
async def one(gate):
    async with gate:
        r, w = await asyncio.open_connection('127.0.0.1', port)
        w.write(b"GET / HTTP/1.1\r\nHost: bench\r\n\r\n")
        await w.drain()
        data = b''
        while b'Hello, World!' not in data:
            chunk = await r.read(4096)
            if not chunk:
                raise ConnectionError('closed')
            data += chunk
        return w
async def main():
    gate = asyncio.Semaphore(200)
    conns = await asyncio.gather(*[one(gate) for _ in range(n)], return_exceptions=True)
    ok = [c for c in conns if not isinstance(c, Exception)]
    open(ready, 'w').write(f"{len(ok)} {n - len(ok)}\n")
    await asyncio.sleep(hold)
    for w in ok:
        w.close()
asyncio.run(main())
EOF
  # RSS by kind (kB): anonymous (GC heap, native heap), file-backed (mapped assemblies and native libraries), shared
  # memory (memfd:doublemapper, the JIT's W^X double mapping: JIT-compiled code), PSS; over the process and its children.
  rss_parts() { for p in $(pids_of "$1"); do cat "/proc/$p/status" "/proc/$p/smaps_rollup" 2>/dev/null; done \
    | awk '/^RssAnon:/ {a+=$2} /^RssFile:/ {f+=$2} /^RssShmem:/ {s+=$2} /^Pss:/ {p+=$2} END {print a+0, f+0, s+0, p+0}'; }
  STORM=${BENCH_STORM:-5000}; STORMS=${BENCH_STORMS:-$([[ $QUICK == 1 && $MEMONLY == 0 ]] && echo 2 || echo 3)}
  log "memory: $STORM idle keep-alive connections, $STORMS storms per proxy"
  declare -A MPORT=([alb]=$ALB_H1 [yarp]=$YARP_H1 [ngx-proxy]=$NGX_H1 [haproxy]=$HAP_H1)
  MEMPROXIES=(alb yarp ngx-proxy haproxy)
  [[ -n "$BASE" ]] && { MPORT[alb0]=$ALB0_H1; MEMPROXIES=(alb alb0 yarp ngx-proxy haproxy); }
  [[ $AOT == 1 ]] && { MPORT[aot]=$AOT_H1; MEMPROXIES+=(aot); }
  for n in "${MEMPROXIES[@]}"; do
    # What the idle RSS is made of (kB): anonymous (GC heap, native heap, JIT code with W^X off), file-backed
    # (mapped assemblies and native libraries), shared memory (memfd:doublemapper, the JIT's W^X double mapping).
    # Summed over the process and its children (nginx's workers); PSS shares pages mapped by several processes.
    parts=$(rss_parts "${PID[$n]}")
    echo "$n $parts" >>"$WORK/idle-parts.txt"
    pid=${PID[$n]}; before=$(rss_kb "$pid"); line="$n $before"; kinds="$n $parts"
    for s in $(seq 1 "$STORMS"); do
      rm -f "$WORK/ready"
      # Settled figures: held 4.5 s after the last connection opened, "after" 3 s after they closed. An idle
      # connection is parked after 1 s (Http1FrontEnd.ParkDelay) and the CLI's IdleMemoryTrimmer gives the garbage
      # back within about 2 s of idleness; read at 2.5 s, the first storm's figure depended on whether the trimmer had
      # run yet (fifth round). The other proxies have no such step; they are read at the same moments.
      python3 "$WORK/conns.py" "${MPORT[$n]}" "$STORM" 6 "$WORK/ready" &
      cp=$!
      for i in $(seq 1 600); do [[ -s "$WORK/ready" ]] && break; sleep 0.1; done
      sleep 4.5; held=$(rss_kb "$pid"); kinds="$kinds $(rss_parts "$pid")"
      wait "$cp"; sleep 3
      line="$line $held $(rss_kb "$pid") $(cut -d' ' -f2 "$WORK/ready")"; kinds="$kinds $(rss_parts "$pid")"
    done
    echo "$line $(load1)" >>"$MEMORY"
    echo "$kinds" >>"$WORK/memory-kinds.txt"
  done

fi

WARM_TARGETS=("${TARGETS[@]}")
[[ $MEMONLY == 1 ]] && { WARM_TARGETS=(); REPS=0; }   # --memory: no throughput matrix
log "warm-up (${WARM} s per target; tier-0 JIT code must not be measured)"
for t in "${WARM_TARGETS[@]}"; do
  wrk -t1 -c64 -d"${WARM}s" "http://127.0.0.1:${H1PORT[$t]}/" >/dev/null 2>&1
  h2load -n"$H2N" -c16 -m10 "${H2URL[$t]}" >/dev/null 2>&1
done
[[ $MEMONLY == 1 ]] || for t in "${FLOORS[@]}"; do wrk -t1 -c64 -d"${WARM}s" "http://127.0.0.1:${H1PORT[$t]}/" >/dev/null 2>&1; done

START=$(date +%s); LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq 1 "$REPS"); do
  for c in "${CONNS[@]}"; do
    for t in $( (printf '%s\n' "${TARGETS[@]}"; if [[ $c == 64 ]]; then printf '%s\n' "${FLOORS[@]}"; fi) | shuf); do log "rep $r h1 c=$c $t"; measure_h1 "$t" "$c" "$r"; done
  done
  for t in $(printf '%s\n' "${TARGETS[@]}" | shuf); do log "rep $r h2 $t"; measure_h2 "$t" "$r"; done
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A RSS_AFTER
for n in "${PROXIES[@]}"; do RSS_AFTER[$n]=$(rss_mb "${PID[$n]}"); done

# ---------------------------------------------------------------- memory, start-up, scale (issue 22)
# Skipped with BENCH_EXTRA=0. Every figure is printed with bare YARP, nginx and HAProxy measured in this run.
STARTUP="$WORK/startup.txt"; SCALE="$WORK/scale.txt"; : >"$STARTUP"; : >"$SCALE"
if [[ $EXTRA == 1 ]]; then
  # Start-up: process start -> first proxied 200 (fresh processes on spare ports; 3 starts each).
  log "start-up: process start to the first proxied 200"
  SU_ALB=$((B + 61)); SU_ALB2=$((B + 62)); SU_ADMIN=$((B + 63)); SU_YARP=$((B + 64)); SU_YARP2=$((B + 65)); SU_NGX=$((B + 66)); SU_HAP=$((B + 67))
  alb_json "$SU_ALB" "$SU_ALB2" >"$WORK/alb-su.json"
  nginx_conf "$WORK/ngx-su" "
  upstream origin { server 127.0.0.1:$O1; keepalive 16; }
  server { listen 127.0.0.1:$SU_NGX; location / { proxy_pass http://origin; proxy_http_version 1.1; proxy_set_header Connection \"\"; } }"
  sed "s/127.0.0.1:$HAP_H1\$/127.0.0.1:$SU_HAP/; /ssl crt/d" "$WORK/haproxy.cfg" >"$WORK/haproxy-su.cfg"
  first_200() { # port; prints ms since $t0
    local i
    for i in $(seq 1 4000); do
      [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null) == 200 ]] && { echo $(( ($(date +%s%N) - t0) / 1000000 )); return; }
      sleep 0.005
    done
    echo timeout
  }
  SU_NAMES=(alb yarp nginx haproxy); [[ -n "$BASE" ]] && SU_NAMES=(alb alb0 yarp nginx haproxy)
  [[ $AOT == 1 ]] && SU_NAMES+=(aot)
  for r in 1 2 3; do
    for n in "${SU_NAMES[@]}"; do
      t0=$(date +%s%N)
      case $n in
        alb|alb0|aot) "$WORK/$n/alb-emulator" --config "$WORK/alb-su.json" --access-log "$WORK/access-su.log" --admin-url "http://127.0.0.1:$SU_ADMIN" >"$WORK/su.out" 2>&1 & port=$SU_ALB ;;
        yarp) "$WORK/yarp/BareYarp" "$SU_YARP" "$SU_YARP2" "$WORK/cert.pem" "$WORK/key.pem" "http://127.0.0.1:$O1" >"$WORK/su.out" 2>&1 & port=$SU_YARP ;;
        nginx) nginx -c "$WORK/ngx-su/nginx.conf" -p "$WORK/ngx-su/" >"$WORK/su.out" 2>&1 & port=$SU_NGX ;;
        haproxy) haproxy -db -f "$WORK/haproxy-su.cfg" >"$WORK/su.out" 2>&1 & port=$SU_HAP ;;
      esac
      sp=$!; PIDS+=("$sp")
      echo "$n $(first_200 "$port") $(load1)" >>"$STARTUP"
      kill "$sp" 2>/dev/null; wait "$sp" 2>/dev/null || true
    done
  done
  # A failure is reported in the table's place (an eighth-round run printed nothing there, unexplained).
  FIXTURE_LINES=$("$WORK/fixture/FixtureStartup" "http://127.0.0.1:$O1/" 10 2>&1) || FIXTURE_LINES="$FIXTURE_LINES
FixtureStartup exited with status $?"
  [[ -n "$FIXTURE_LINES" ]] || FIXTURE_LINES="FixtureStartup printed nothing (exit status 0)"

  if [[ $MEMONLY == 0 ]]; then   # --memory: no scale curves
  # Scale: CPU per request (HTTP/1.1 keep-alive, c=64) as the configuration grows, one AlbEmulator per point.
  log "scale curves"
  SC_H1=$((B + 70)); SC_H2=$((B + 71)); SC_ADMIN=$((B + 72)); TP0=$((B + 100))
  ports=""; for i in $(seq 0 99); do ports="$ports listen 127.0.0.1:$((TP0 + i));"; done
  nginx_conf "$WORK/ngx-many" "  server { $ports location / { return 200 \"Hello, World!\"; } }"
  start ngx-many nginx -c "$WORK/ngx-many/nginx.conf" -p "$WORK/ngx-many/"
  wait_port $((TP0 + 99))
  targets_json() { local i out=""; for i in $(seq 0 $(($1 - 1))); do out="$out${out:+, }{ \"Id\": \"127.0.0.1\", \"Port\": $((TP0 + i)) }"; done; echo "$out"; }
  regex_rules() { local i out=""; for i in $(seq 1 "$1"); do
      out="$out${out:+,
}        { \"Priority\": $i, \"Conditions\": [ { \"Field\": \"path-pattern\", \"PathPatternConfig\": { \"RegexValues\": [ \"^/api/v$i/orders/[0-9]+\$\" ] } }, { \"Field\": \"http-header\", \"HttpHeaderConfig\": { \"HttpHeaderName\": \"User-Agent\", \"RegexValues\": [ \"bot-$i/[0-9]+\" ] } } ], \"Actions\": [ { \"Type\": \"fixed-response\", \"FixedResponseConfig\": { \"StatusCode\": \"200\", \"MessageBody\": \"r$i\" } } ] }"
    done; echo "$out"; }
  scale_json() { # rules targets listeners extra-lb-json extra-top-json protocol default-actions [rules-json]
    local rules=$1 targets=$2 listeners=$3 lbextra=$4 top=$5 proto=$6 defaults=$7 ruleset=${8:-} i ls=""
    [[ -z "$ruleset" && $rules -gt 0 ]] && ruleset=$(regex_rules "$rules")
    for i in $(seq 0 $((listeners - 1))); do
      local port=$((SC_H1 + i)); [[ $i -gt 0 ]] && port=$((B + 300 + i))
      local certs=""; [[ $proto == HTTPS ]] && certs="\"Certificates\": [ { \"CertificateFile\": \"$WORK/cert.pem\", \"PrivateKeyFile\": \"$WORK/key.pem\" } ],"
      ls="$ls${ls:+,
}    { \"Port\": $port, \"Protocol\": \"$proto\", $certs \"DefaultActions\": $defaults, \"Rules\": [
$ruleset
    ] }"
    done
    cat <<EOF
{
  "LoadBalancer": { "Name": "scale" $lbextra },
  "Listeners": [
$ls
  ],
  "TargetGroups": [ { "Name": "web", "Protocol": "HTTP", "Port": $TP0, "HealthCheckPath": "/", "HealthCheckIntervalSeconds": 5,
      "HealthCheckTimeoutSeconds": 2, "HealthyThresholdCount": 2, "Targets": [ $(targets_json "$targets") ] } ] $top
}
EOF
  }
  lbs_json() { # N load balancers in one process: each one HTTP listener (10 regex rules) and its own target group (3 targets)
    local n=$1 i port lbs="" tgs="" rules; rules=$(regex_rules 10)
    for i in $(seq 0 $((n - 1))); do
      port=$SC_H1; [[ $i -gt 0 ]] && port=$((B + 300 + i))
      lbs="$lbs${lbs:+,
}    { \"Name\": \"scale-$i\", \"Listeners\": [ { \"Port\": $port, \"Protocol\": \"HTTP\", \"DefaultActions\": [ { \"Type\": \"forward\", \"TargetGroupName\": \"web-$i\" } ], \"Rules\": [
$rules
      ] } ] }"
      tgs="$tgs${tgs:+,
}    { \"Name\": \"web-$i\", \"Protocol\": \"HTTP\", \"Port\": $TP0, \"HealthCheckPath\": \"/\", \"HealthCheckIntervalSeconds\": 5, \"HealthCheckTimeoutSeconds\": 2, \"HealthyThresholdCount\": 2, \"Targets\": [ $(targets_json 3) ] }"
    done
    printf '{\n  "LoadBalancers": [\n%s\n  ],\n  "TargetGroups": [\n%s\n  ]\n}\n' "$lbs" "$tgs"
  }
  FWD='[ { "Type": "forward", "TargetGroupName": "web" } ]'
  JWT='[ { "Type": "jwt-validation", "Order": 1, "JwtValidationConfig": { "JwksEndpoint": "{admin-url}/idp/jwks", "Issuer": "{admin-url}/idp" } }, { "Type": "forward", "Order": 2, "TargetGroupName": "web" } ]'
  WAF=', "WebACLs": [ { "Name": "bench-acl", "DefaultAction": { "Allow": {} }, "VisibilityConfig": { "SampledRequestsEnabled": false, "CloudWatchMetricsEnabled": false, "MetricName": "bench" }, "Rules": [
    { "Name": "sqli-path", "Priority": 1, "Action": { "Block": {} }, "Statement": { "ByteMatchStatement": { "SearchString": "union select", "FieldToMatch": { "UriPath": {} }, "TextTransformations": [ { "Priority": 0, "Type": "URL_DECODE" }, { "Priority": 1, "Type": "LOWERCASE" } ], "PositionalConstraint": "CONTAINS" } }, "VisibilityConfig": { "SampledRequestsEnabled": false, "CloudWatchMetricsEnabled": false, "MetricName": "r1" } },
    { "Name": "bad-agent", "Priority": 2, "Action": { "Block": {} }, "Statement": { "RegexMatchStatement": { "RegexString": "(?i)sqlmap/[0-9.]+", "FieldToMatch": { "SingleHeader": { "Name": "user-agent" } }, "TextTransformations": [ { "Priority": 0, "Type": "NONE" } ] } }, "VisibilityConfig": { "SampledRequestsEnabled": false, "CloudWatchMetricsEnabled": false, "MetricName": "r2" } },
    { "Name": "blocked-net", "Priority": 3, "Action": { "Block": {} }, "Statement": { "IPSetReferenceStatement": { "ARN": "blocked" } }, "VisibilityConfig": { "SampledRequestsEnabled": false, "CloudWatchMetricsEnabled": false, "MetricName": "r3" } },
    { "Name": "rate", "Priority": 4, "Action": { "Block": {} }, "Statement": { "RateBasedStatement": { "Limit": 2000000000, "AggregateKeyType": "IP" } }, "VisibilityConfig": { "SampledRequestsEnabled": false, "CloudWatchMetricsEnabled": false, "MetricName": "r4" } } ] } ],
  "IPSets": [ { "Name": "blocked", "IPAddressVersion": "IPV4", "Addresses": [ "198.51.100.0/24" ] } ]'
  TRANSFORM='        { "Priority": 1, "Conditions": [ { "Field": "path-pattern", "PathPatternConfig": { "Values": [ "/*" ] } } ],
          "Transforms": [ { "Type": "host-header-rewrite", "HostHeaderRewriteConfig": { "Rewrites": [ { "Regex": "^([^:]+)(:[0-9]+)?$", "Replace": "internal.$1" } ] } },
                          { "Type": "url-rewrite", "UrlRewriteConfig": { "Rewrites": [ { "Regex": "^/(.*)$", "Replace": "/app/$1" } ] } } ],
          "Actions": [ { "Type": "forward", "TargetGroupName": "web" } ] }'
  WAF=$(tr '\n' ' ' <<<"$WAF"); TRANSFORM=$(tr '\n' ' ' <<<"$TRANSFORM")   # one line each: the points are read line by line
  # label|rules|targets|listeners|lb-extra|top-extra|protocol|default actions|rule set (no '|' inside a field)
  POINTS=(
    "rules=1|1|3|1|||HTTP|$FWD|" "rules=10|10|3|1|||HTTP|$FWD|" "rules=100|100|3|1|||HTTP|$FWD|"
    "targets=1|0|1|1|||HTTP|$FWD|" "targets=10|0|10|1|||HTTP|$FWD|" "targets=100|0|100|1|||HTTP|$FWD|"
    "listeners=1|10|3|1|||HTTP|$FWD|" "listeners=10|10|3|10|||HTTP|$FWD|" "listeners=50|10|3|50|||HTTP|$FWD|"
    "lbs=1|10|3|1|||HTTP|$FWD|" "lbs=10|10|30|1|||HTTP|$FWD|" "lbs=50|10|150|1|||HTTP|$FWD|"
    "waf (4 rules)|0|3|1|, \"WebACLName\": \"bench-acl\"|$WAF|HTTP|$FWD|" "transforms|0|3|1|||HTTP|$FWD|$TRANSFORM"
    "https|0|3|1|||HTTPS|$FWD|" "https + jwt-validation|0|3|1||, \"IdentityProvider\": { \"Users\": [ { \"Username\": \"bench\", \"Password\": \"bench\" } ] }|HTTPS|$JWT|"
  )
  wait_healthy() { # admin port, count
    local i; for i in $(seq 1 200); do
      [[ $(curl -s "http://127.0.0.1:$1/targets" | grep -o '"healthy"' | wc -l) -ge $2 ]] && return 0; sleep 0.2; done
  }
  measure_scale() { # label pid url [header]
    local label=$1 pid=$2 url=$3 hdr=${4:-} before after out l req dur p50 p99 err
    local args=(-t1 -c64 -d"${SECS}s" -s "$WORK/report.lua"); [[ -n "$hdr" ]] && args+=(-H "$hdr")
    l=$(load1); before=$(cpu_ticks "$pid")
    out=$(wrk "${args[@]}" "$url" 2>&1 | awk '/^RESULT/')
    after=$(cpu_ticks "$pid")
    read -r _ req dur p50 p99 err <<<"$out"
    echo "$label|$(awk -v q="$req" -v d="$dur" 'BEGIN{printf "%.0f", q*1e6/d}')|$(awk -v a="$after" -v b="$before" -v q="$req" -v k="$TICK" 'BEGIN{printf "%.1f", (a-b)*1e6/k/q}')|$p99|$err|$l" >>"$SCALE"
  }
  baseline_rows() {
    measure_scale "bare YARP" "${PID[yarp]}" "http://127.0.0.1:$YARP_H1/"
    measure_scale "nginx (1 worker)" "${PID[ngx-proxy]}" "http://127.0.0.1:$NGX_H1/"
    measure_scale "HAProxy (1 thread)" "${PID[haproxy]}" "http://127.0.0.1:$HAP_H1/"
  }
  baseline_rows
  for point in "${POINTS[@]}"; do
    IFS='|' read -r label rules targets listeners lbextra top proto defaults ruleset <<<"$point"
    if [[ $label == lbs=* ]]; then lbs_json "${label#lbs=}" >"$WORK/scale.json"   # targets: all groups' targets, for wait_healthy
    else scale_json "$rules" "$targets" "$listeners" "$lbextra" "$top" "$proto" "$defaults" "$ruleset" >"$WORK/scale.json"; fi
    "$WORK/alb/alb-emulator" --config "$WORK/scale.json" --access-log "$WORK/scale-access.log" --admin-url "http://127.0.0.1:$SC_ADMIN" >"$WORK/scale.out" 2>&1 &
    sp=$!; PIDS+=("$sp")
    for i in $(seq 1 1200); do   # up to 2 minutes (50 listeners on a loaded machine), unless it exits
      (exec 3<>"/dev/tcp/127.0.0.1/$SC_H1") 2>/dev/null && break
      kill -0 "$sp" 2>/dev/null || break
      sleep 0.1
    done
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$SC_H1") 2>/dev/null; then
      log "scale point '$label' did not start"; cat "$WORK/scale.out" >&2; kill "$sp" 2>/dev/null || true; continue
    fi
    wait_healthy "$SC_ADMIN" "$targets"
    scheme=http; [[ $proto == HTTPS ]] && scheme=https
    hdr=""
    if [[ $defaults == "$JWT" ]]; then
      token=$(curl -s -X POST "http://127.0.0.1:$SC_ADMIN/idp/token" -d grant_type=client_credentials -d client_id=bench -d client_secret=bench \
        | python3 -c 'import json,sys; print(json.load(sys.stdin).get("access_token", ""))' || true)
      [[ -n "$token" ]] || log "scale point '$label': no token from the built-in identity provider"
      hdr="Authorization: Bearer $token"
    fi
    url="$scheme://127.0.0.1:$SC_H1/"
    code=$(curl -sk -o /dev/null -w '%{http_code}' ${hdr:+-H "$hdr"} "$url")
    [[ $code == 200 ]] || log "scale point '$label' answers $code"
    # A fresh process: warm it past tiered compilation (PGO, then tier 1) before measuring.
    wrk -t1 -c64 -d"${SCALE_WARM}s" ${hdr:+-H "$hdr"} "$url" >/dev/null 2>&1
    log "scale $label"
    measure_scale "$label" "$sp" "$url" "$hdr"
    kill "$sp" 2>/dev/null || true; wait "$sp" 2>/dev/null || true
  done
  baseline_rows
  fi
fi

# ---------------------------------------------------------------- report
median() { sort -n | awk '{v[NR]=$1} END {if (NR == 0) print 0; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
col() { awk -v t="$1" -v m="$2" -v c="$3" '$1==t && $2==m {print $c}' "$RESULTS"; }
stat() { col "$1" "$2" "$3" | median; }
range() { col "$1" "$2" "$3" | sort -n | awk 'NR==1{a=$1} {b=$1} END {printf "%s-%s", a, b}'; }
declare -A NAME=([direct]="origin direct" [alb]="AlbEmulator" [alb0]="AlbEmulator @${BASE:-}" [aot]="AlbEmulator AOT" [yarp]="bare YARP" [nginx]="nginx (1 worker)" [haproxy]="HAProxy (1 thread)")
MODES=(h1-c16 h1-c64 h1-c256 h2-tls)

echo
echo "## AlbEmulator benchmark — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uname -r)"
[[ $MEMONLY == 1 ]] && echo "mode: memory and start-up only (--memory)$([[ -n "$BASE" ]] && echo ", AlbEmulator @$BASE as alb0")"
[[ $MEMONLY == 0 ]] && echo "mode: $([[ $QUICK == 1 ]] && echo quick || echo full), $REPS repetition(s), wrk ${SECS} s, h2load -n$H2N -c16 -m10; load average at start $LOAD_START, at end $LOAD_END"
[[ $MEMONLY == 0 ]] && echo "h1 origin: nginx return 200 (AlbEmulator: 3 server blocks); h2 rows: h2 over TLS to each front end, HTTP/1.1 upstream to the nginx origin (origin direct: Kestrel h2 over TLS)"
if [[ $MEMONLY == 0 ]]; then   # --memory: no throughput tables
echo
echo "| target | mode | req/s (median) | range | p50 ms | p99 ms | proxy CPU µs/req | errors | load1 |"
echo "|---|---|---|---|---|---|---|---|---|"
for m in "${MODES[@]}"; do
  for t in "${TARGETS[@]}"; do
    rps=$(stat "$t" "$m" 4); p50=$(stat "$t" "$m" 5); p99=$(stat "$t" "$m" 6); cpu=$(stat "$t" "$m" 7)
    err=$(col "$t" "$m" 8 | awk '{s+=$1} END {print s+0}'); l=$(stat "$t" "$m" 9)
    [[ $t == direct && $m == h2-tls ]] && cpu="(origin)"
    [[ $t == direct && $m != h2-tls ]] && cpu="(origin) $cpu"
    printf '| %s | %s | %.0f | %s | %.2f | %.2f | %s | %s | %s |\n' "${NAME[$t]}" "$m" "$rps" "$(range "$t" "$m" 4)" \
      "$(awk -v v="$p50" 'BEGIN{print v/1000}')" "$(awk -v v="$p99" 'BEGIN{print v/1000}')" "$cpu" "$err" "$l"
  done
done
echo
echo "Ratios (median req/s; p99 difference in ms; paired per repetition in brackets):"
echo
echo "| mode | AlbEmulator ÷ bare YARP | paired | AlbEmulator ÷ nginx | AlbEmulator p99 − YARP p99 | CPU µs/req ALB / YARP / nginx / HAProxy |$([[ -n "$BASE" ]] && echo " AlbEmulator ÷ @$BASE | CPU µs/req @$BASE |")"
echo "|---|---|---|---|---|---|$([[ -n "$BASE" ]] && echo "---|---|")"
for m in "${MODES[@]}"; do
  a=$(stat alb "$m" 4); y=$(stat yarp "$m" 4); n=$(stat nginx "$m" 4)
  paired=$(for r in $(seq 1 "$REPS"); do
    awk -v r="$r" -v m="$m" '$2==m && $3==r && $1=="alb" {a=$4} $2==m && $3==r && $1=="yarp" {y=$4} END {if (y > 0) printf "%.2f\n", a/y}' "$RESULTS"
  done | median)
  extra=""
  [[ -n "$BASE" ]] && extra=$(printf ' %.2f | %s |' "$(awk -v a="$a" -v b="$(stat alb0 "$m" 4)" 'BEGIN{print a/b}')" "$(stat alb0 "$m" 7)")
  printf '| %s | %.2f | %s | %.2f | %+.2f | %s / %s / %s / %s |%s\n' "$m" "$(awk -v a="$a" -v b="$y" 'BEGIN{print a/b}')" "$paired" \
    "$(awk -v a="$a" -v b="$n" 'BEGIN{print a/b}')" "$(awk -v a="$(stat alb "$m" 6)" -v b="$(stat yarp "$m" 6)" 'BEGIN{print (a-b)/1000}')" \
    "$(stat alb "$m" 7)" "$(stat yarp "$m" 7)" "$(stat nginx "$m" 7)" "$(stat haproxy "$m" 7)" "$extra"
done
if [[ $AOT == 1 ]]; then
  echo
  echo "Native AOT (no tiered PGO) against the JIT build and bare YARP (median req/s ratio; CPU µs/req):"
  echo
  echo "| mode | AOT ÷ bare YARP | AOT ÷ JIT | CPU µs/req AOT / JIT / YARP |"
  echo "|---|---|---|---|"
  for m in "${MODES[@]}"; do
    printf '| %s | %.2f | %.2f | %s / %s / %s |\n' "$m" "$(awk -v a="$(stat aot "$m" 4)" -v b="$(stat yarp "$m" 4)" 'BEGIN{print a/b}')" \
      "$(awk -v a="$(stat aot "$m" 4)" -v b="$(stat alb "$m" 4)" 'BEGIN{print a/b}')" "$(stat aot "$m" 7)" "$(stat alb "$m" 7)" "$(stat yarp "$m" 7)"
  done
fi
if ((${#FLOORS[@]})); then
  NAME[floor-sockets]="floor: .NET sockets, no HTTP layer"; NAME[floor-transport]="floor: Kestrel transport, no HTTP layer"
  NAME[floor-kestrel]="floor: Kestrel HTTP/1.1 + minimal forwarder"; NAME[floor-kestrel-inline]="floor: the same, inline scheduling"
  NAME[floor-pipeline]="floor: the same forwarder, ASP.NET Core pipeline on an own HTTP/1.1 server (raw sockets, no Kestrel)"
  NAME[floor-hello]="floor: Kestrel HTTP/1.1 answering itself (no origin)"
  echo
  echo "The floor, HTTP/1.1 c=64 (bench/FloorProxy with the emulator host's runtime settings: the least work per request a"
  echo ".NET proxy can do here, no ALB behaviour, nothing checked; CPU µs/req medians, AlbEmulator minus each row paired per repetition):"
  echo
  echo "| proxy | req/s | CPU µs/req | AlbEmulator − this (paired, median) |"
  echo "|---|---|---|---|"
  for t in alb yarp nginx haproxy "${FLOORS[@]}"; do
    d=$(for r in $(seq 1 "$REPS"); do
      awk -v r="$r" -v t="$t" '$2=="h1-c64" && $3==r && $1=="alb" {a=$7} $2=="h1-c64" && $3==r && $1==t {b=$7} END {if (b != "") print a-b}' "$RESULTS"
    done | median)
    printf '| %s | %.0f | %s | %s |\n' "${NAME[$t]}" "$(stat "$t" h1-c64 4)" "$(stat "$t" h1-c64 7)" "$([[ $t == alb ]] && echo - || echo "$d")"
  done
fi
echo
echo "| proxy | RSS idle MB | RSS after load MB |"
echo "|---|---|---|"
for n in "${PROXIES[@]}"; do echo "| $n | ${RSS_IDLE[$n]} | ${RSS_AFTER[$n]} |"; done
sleep 0.5
lines=$(wc -l <"$WORK/access.log" 2>/dev/null || echo 0)
served=$(awk '$1=="alb" {s+=$10} END {print s+0}' "$RESULTS")
echo
echo "AlbEmulator access log: $lines lines (measured requests: $served; the log also holds the warm-up requests); run took $(( $(date +%s) - START )) s of measurement."
echo "Raw results (target mode rep req/s p50_us p99_us cpu_us/req errors load1 requests; h2: requests that succeeded, which cpu_us/req divides by):"
sed 's/^/  /' "$RESULTS"
fi

if [[ $EXTRA == 1 ]]; then
  echo
  echo "Memory, measured before any load: $STORM idle keep-alive HTTP/1.1 connections (one request each, then held 6 s; RSS read 4.5 s after the last opened and 3 s after they closed), $STORMS storms in a row (RSS in MB; per connection = (held - before) / $STORM, first storm):"
  echo
  echo "| proxy | RSS before MB | KB per idle connection | RSS held, storm 1..$STORMS MB | RSS after each storm MB | failed connections | load1 |"
  echo "|---|---|---|---|---|---|---|"
  while read -r n before rest; do
    read -ra f <<<"$rest"; held=""; after=""; failed=0
    for ((i = 0; i < STORMS; i++)); do
      held="$held${held:+ / }$((f[i * 3] / 1024))"; after="$after${after:+ / }$((f[i * 3 + 1] / 1024))"; failed=$((failed + f[i * 3 + 2]))
    done
    printf '| %s | %d | %.1f | %s | %s | %d | %s |\n' "$n" $((before / 1024)) "$(awk -v h="${f[0]}" -v b="$before" -v n="$STORM" 'BEGIN{print (h-b)/n}')" "$held" "$after" "$failed" "${f[STORMS * 3]}"
  done <"$MEMORY"
  echo
  echo "Per idle connection, storm by storm (KB; storm 1: (held - before) / $STORM, storm s: (held s - after s-1) / $STORM, what the"
  echo "storm added on top of the previous one). One-time cost of the first storm = storm 1's growth minus the later storms' mean"
  echo "(MB: code compiled, mapped and data structures sized the first time; the JIT build's W^X code is the shmem column below):"
  echo
  echo "| proxy | KB per connection, storm 1..$STORMS | one-time MB in storm 1 |"
  echo "|---|---|---|"
  while read -r n before rest; do
    read -ra f <<<"$rest"
    awk -v n="$n" -v b="$before" -v c="$STORM" -v s="$STORMS" -v r="${f[*]}" 'BEGIN {
      split(r, f, " "); prev = b; later = 0; out = ""
      for (i = 0; i < s; i++) { d = f[i*3+1] - prev; out = out (i ? " / " : "") sprintf("%.1f", d / c); if (i) later += d; prev = f[i*3+2] }
      printf "| %s | %s | %s |\n", n, out, (s > 1 ? sprintf("%.1f", ((f[1] - b) - later / (s - 1)) / 1024) : "-") }'
  done <"$MEMORY"
  echo
  echo "RSS by kind at each point (MB; anon / file / shmem: idle, then held and after for each storm):"
  echo
  echo "| proxy | idle | $(for ((i = 1; i <= STORMS; i++)); do printf 'held %d | after %d | ' "$i" "$i"; done | sed 's/ | $//') |"
  echo "|---|---|$(for ((i = 1; i <= STORMS; i++)); do printf -- '---|---|'; done)"
  while read -r n rest; do
    echo "| $n | $(awk -v r="$rest" 'BEGIN { k = split(r, v, " "); for (i = 1; i <= k; i += 4) printf "%s%d / %d / %d", (i > 1 ? " | " : ""), v[i] / 1024, v[i+1] / 1024, v[i+2] / 1024 }') |"
  done <"$WORK/memory-kinds.txt"
  echo
  echo "Idle RSS by kind, before the storms (kB; anonymous = GC and native heaps, file = mapped assemblies and libraries, shmem = the JIT's W^X double mapping):"
  echo
  echo "| proxy | RssAnon | RssFile | RssShmem | PSS |"
  echo "|---|---|---|---|---|"
  while read -r n a f sh ps; do echo "| $n | $a | $f | $sh | $ps |"; done <"$WORK/idle-parts.txt"
  echo
  echo "Start-up, process start to the first proxied 200 (ms; 3 starts, median [min-max]):"
  echo
  echo "| proxy | ms | load1 |"
  echo "|---|---|---|"
  for n in "${SU_NAMES[@]}"; do
    printf '| %s | %s [%s] | %s |\n' "$n" "$(awk -v n="$n" '$1==n {print $2}' "$STARTUP" | median)" \
      "$(awk -v n="$n" '$1==n {print $2}' "$STARTUP" | sort -n | awk 'NR==1{a=$1} {b=$1} END {printf "%s-%s", a, b}')" "$(awk -v n="$n" '$1==n {print $3}' "$STARTUP" | median)"
  done
  echo
  echo "AlbEmulator.Testing fixture (bench/FixtureStartup, one process, 10 fixtures one after another; ms from StartAsync to started / to the first 200):"
  echo
  echo "$FIXTURE_LINES" | sed 's/^/    /'
  if [[ $MEMONLY == 0 ]]; then
  echo
  echo "Scale (HTTP/1.1 keep-alive, wrk -c64, one AlbEmulator per row; baselines measured before and after the rows):"
  echo
  echo "| configuration | req/s | proxy CPU µs/req | p99 ms | errors | load1 |"
  echo "|---|---|---|---|---|---|"
  while IFS='|' read -r label rps cpu p99 err l; do
    printf '| %s | %s | %s | %.2f | %s | %s |\n' "$label" "$rps" "$cpu" "$(awk -v v="$p99" 'BEGIN{print v/1000}')" "$err" "$l"
  done <"$SCALE"
  if [[ -n "${BENCH_SVG:-}" ]]; then
    python3 - "$SCALE" "$BENCH_SVG" <<'EOF'
import sys
rows = [l.rstrip('\n').split('|') for l in open(sys.argv[1]) if l.strip()]
base = {}
for r in rows:
    if r[0] in ('bare YARP', 'nginx (1 worker)', 'HAProxy (1 thread)'):
        base.setdefault(r[0], []).append(float(r[2]))
points = [r for r in rows if r[0] not in base]
W, H, left, top, bar = 760, 90 + 26 * len(points), 190, 40, 18
vmax = max([float(r[2]) for r in points] + [max(v) for v in base.values()]) * 1.1
x = lambda v: left + (W - left - 20) * v / vmax
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{left}" y="20" font-size="14">AlbEmulator proxy CPU per request (µs, HTTP/1.1, c=64) as the configuration grows</text>']
for i, r in enumerate(points):
    y = top + 26 * i
    out.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end">{r[0]}</text>')
    out.append(f'<rect x="{left}" y="{y}" width="{x(float(r[2])) - left:.1f}" height="{bar}" fill="#ff9900"/>')
    out.append(f'<text x="{x(float(r[2])) + 4:.1f}" y="{y + 13}">{r[2]}</text>')
colours = {'bare YARP': '#1f77b4', 'nginx (1 worker)': '#2ca02c', 'HAProxy (1 thread)': '#d62728'}
for j, (name, vals) in enumerate(base.items()):
    v = sum(vals) / len(vals)
    out.append(f'<line x1="{x(v):.1f}" y1="{top - 6}" x2="{x(v):.1f}" y2="{H - 50}" stroke="{colours[name]}" stroke-dasharray="4 3"/>')
    out.append(f'<text x="{x(v) + 3:.1f}" y="{H - 8 - 14 * j}" fill="{colours[name]}">{name} (mean of before/after) {v:.1f}</text>')
out.append('</svg>')
open(sys.argv[2], 'w').write('\n'.join(out) + '\n')
EOF
    echo
    echo "Plot written to $BENCH_SVG"
  fi
  fi
  echo
  echo "Raw memory lines (proxy rss_before_kb [held_kb after_kb failed]... load1):"
  sed 's/^/  /' "$MEMORY"
fi
