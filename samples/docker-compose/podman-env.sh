# Sourced by build-image.sh and run-podman.sh: podman with the flags this sandbox needs
# (docs/toolchain.md §7) and all storage in one scratch directory.
#   ALB_PODMAN_DIR  storage root (default /tmp/alb-emulator-podman); delete it to reclaim the space.
ALB_PODMAN_DIR="${ALB_PODMAN_DIR:-/tmp/alb-emulator-podman}"
mkdir -p "$ALB_PODMAN_DIR"
podman_cmd() {
  podman --root "$ALB_PODMAN_DIR/root" --runroot "$ALB_PODMAN_DIR/runroot" --storage-driver vfs \
    --runtime /usr/sbin/runc "$@"
}
# Lowered limits: the sandbox has no CAP_SYS_RESOURCE, so the container cannot keep the defaults.
PODMAN_RUN_LIMITS=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)
