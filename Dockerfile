# AlbEmulator as a container: `docker build -t alb-emulator .` (or `podman build -t alb-emulator .`) from
# the repository root. Multi-stage: the .NET SDK publishes the Native AOT binary (one native executable, no JIT;
# docs/install.md), which runs on runtime-deps (no .NET runtime layer) as the non-root user "app" (uid 1654,
# home /home/app).
#   Config:      mount it at /etc/alb-emulator/alb.json (JSON or YAML: pass --config for .yaml).
#   Listeners:   bind 0.0.0.0 inside the container; publish the ports you need (-p 127.0.0.1:8080:8080).
#   Admin:       127.0.0.1:8081 inside the container (the healthcheck); to reach the ELBv2 API, /metrics
#                and /targets from the host, set ALB_EMULATOR_ADMIN_URL=http://0.0.0.0:8081 and publish
#                -p 127.0.0.1:8081:8081 (docs/docker-compose.md).
#   Certificates: HTTPS listeners without one get a generated certificate under
#                /home/app/.local/share/alb-emulator/certs, named for localhost, the listener's
#                host-header values and ALB_EMULATOR_CERT_NAMES (e.g. the compose service name "alb").
# Base images are pinned to the versions this repository is built and tested with (SDK 10.0.401,
# runtime 10.0.12); samples/docker-compose/build-image.sh builds the same final stage FROM scratch.

FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
ARG TARGETARCH
# The build context has no .git, so MinVer cannot compute the version: pass it (--build-arg VERSION=1.2.3).
ARG VERSION=0.1.0-container
# Native AOT links with clang and zlib's static library, which the SDK image does not carry.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Directory.Build.props .editorconfig ./
COPY src/AlbEmulator/ src/AlbEmulator/
COPY src/AlbEmulator.Host/ src/AlbEmulator.Host/
RUN rid="linux-$([ "$TARGETARCH" = "arm64" ] && echo arm64 || echo x64)" \
 && dotnet publish src/AlbEmulator.Host -c Release -r "$rid" -p:DebugType=none -p:MinVerVersionOverride="$VERSION" -o /out

# A static busybox for the healthcheck's wget (runtime-deps has neither curl nor wget).
FROM docker.io/library/busybox:1.36.1-musl AS busybox

# --- final stage (build-image.sh reuses every line below except COPY --from) ---
FROM mcr.microsoft.com/dotnet/runtime-deps:10.0.12-noble
COPY --from=busybox /bin/busybox /usr/local/bin/busybox
COPY --from=build /out /app
ENV DOTNET_EnableDiagnostics=0 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
USER app
EXPOSE 8080 8443
HEALTHCHECK --interval=5s --timeout=3s --retries=3 CMD ["/usr/local/bin/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8081/healthz"]
ENTRYPOINT ["/app/alb-emulator", "--config", "/etc/alb-emulator/alb.json", "--bind", "0.0.0.0"]
