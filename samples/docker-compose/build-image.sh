#!/usr/bin/env bash
# Builds the AlbEmulator sidecar image localhost/alb-emulator:dev with podman, FROM scratch (no base
# image is needed): the Native AOT linux-x64 publish of src/AlbEmulator.Host (docs/install.md), the glibc/libstdc++/
# OpenSSL libraries it loads, a static busybox (for the compose healthcheck), a non-root user (uid
# 1654 "app", as in Microsoft's images), config at /etc/alb-emulator/alb.json, listeners on 0.0.0.0.
# The image runs the final stage of the repository's Dockerfile (ENV, USER, EXPOSE, HEALTHCHECK,
# ENTRYPOINT taken from it, so the two cannot drift apart); only the base layer differs: the Dockerfile
# needs the .NET SDK and runtime-deps images from a registry, this script builds offline.
#
#   bash samples/docker-compose/build-image.sh
#
# Needs: dotnet SDK 10, clang and zlib1g-dev (Native AOT), podman, runc, busybox-static
# (apt-get install -y clang zlib1g-dev podman buildah runc busybox-static).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$here/podman-env.sh"
image="${ALB_IMAGE:-localhost/alb-emulator:dev}"

work="$ALB_PODMAN_DIR/build"
rm -rf "$work"
mkdir -p "$work/src" "$work/ctx"

# Publish from a copy of the sources so the repository's obj/ folders keep their RID-less restore.
cp "$repo/Directory.Build.props" "$repo/.editorconfig" "$work/src/"
mkdir -p "$work/src/src"
for project in AlbEmulator AlbEmulator.Host; do
  (cd "$repo/src" && tar --exclude=bin --exclude=obj -cf - "$project") | (cd "$work/src/src" && tar -xf -)
done
echo "Publishing src/AlbEmulator.Host (Native AOT, linux-x64)..."
dotnet publish "$work/src/src/AlbEmulator.Host" -c Release -r linux-x64 \
  -p:DebugType=none -o "$work/ctx/app" --nologo -v q
# (A JIT publish, -p:PublishAot=false --self-contained, would also bring LTTng tracing and the debugger shims, which
# are optional and need libraries the image does not carry.)
rm -f "$work/ctx/app/libcoreclrtraceptprovider.so" "$work/ctx/app/libmscordbi.so" "$work/ctx/app/libmscordaccore.so"

# The shared libraries the runtime links or loads (ldd), plus OpenSSL (loaded with dlopen).
libs=$( { for f in "$work/ctx/app/alb-emulator" "$work/ctx/app"/*.so; do ldd "$f" 2>/dev/null || true; done; } \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u)
libs="$libs
$(ls /usr/lib/x86_64-linux-gnu/libssl.so.3 /usr/lib/x86_64-linux-gnu/libcrypto.so.3)"
for lib in $libs; do
  case "$lib" in "$work"/*) continue ;; esac
  mkdir -p "$work/ctx/rootfs$(dirname "$lib")"
  cp -L "$lib" "$work/ctx/rootfs$lib"
done
mkdir -p "$work/ctx/rootfs/lib64" "$work/ctx/rootfs/usr/local/bin" "$work/ctx/rootfs/etc/alb-emulator" "$work/ctx/rootfs/tmp"
cp -L /lib64/ld-linux-x86-64.so.2 "$work/ctx/rootfs/lib64/"
cp -L /bin/busybox "$work/ctx/rootfs/usr/local/bin/busybox"
# /bin/sh for CMD-SHELL healthchecks (compose.yaml), as on the runtime-deps image of the Containerfile.
mkdir -p "$work/ctx/rootfs/bin"
ln -s /usr/local/bin/busybox "$work/ctx/rootfs/bin/sh"
printf 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1654:1654:app:/home/app:/sbin/nologin\n' > "$work/ctx/rootfs/etc/passwd"
# The app user's home (HOME=/home/app, as on runtime-deps): generated certificates go under it.
mkdir -p "$work/ctx/home/app"
printf 'root:x:0:\napp:x:1654:\n' > "$work/ctx/rootfs/etc/group"
chmod 1777 "$work/ctx/rootfs/tmp"

# The Dockerfile's final stage, without its FROM and COPY --from lines (they need registry images).
final_stage=$(awk '/^FROM /{stage=""; next} {stage = stage $0 "\n"} END {printf "%s", stage}' "$repo/Dockerfile" \
  | grep -v '^COPY --from=' | grep -v '^#')
{
  echo "FROM scratch"
  echo "COPY rootfs/ /"
  echo "COPY --chown=1654:1654 home/ /home/"
  echo "COPY app/ /app/"
  printf '%b\n' "$final_stage"
} > "$work/ctx/Containerfile"

echo "Building $image..."
echo "--- Containerfile (final stage of the repository's Dockerfile on scratch) ---"
cat "$work/ctx/Containerfile"
podman_cmd build --format docker -q -t "$image" "$work/ctx"
podman_cmd image ls "$image"
