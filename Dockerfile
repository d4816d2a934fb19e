# gfsim in one image: the HTTP API and workbench (`gfsim serve`, the default command), the CLI and block-queue workers
# (`gfsim worker`); the command picks the role (docker-compose.yml, docs/scale-out.md). Every container of a
# deployment must run the same image: workers refuse blocks of another gfsim version. Compiled JavaScript only, run as
# a non-root user.
#   docker build -t gfsim .
#   docker run -p 8080:8080 -v gfsim-data:/data -e GFSIM_API_TOKEN=$(openssl rand -hex 32) gfsim
# Configuration is by environment (docs/deploy.md): PORT, HOST, GFSIM_DATA, GFSIM_LOG_LEVEL, GFSIM_API_TOKEN,
# GFSIM_QUEUE. Probes: GET /healthz (liveness), GET /readyz (readiness); Prometheus: GET /metrics.

# Build: the package exactly as `npm pack` makes it (prepare compiles dist/ with esbuild and emits the types).
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm pack --pack-destination /tmp \
 && mv /tmp/gfsim-*.tgz /tmp/gfsim.tgz

# Run: the tarball installed with production dependencies only (no tsx, TypeScript or test tools).
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    PORT=8080 \
    HOST=0.0.0.0 \
    GFSIM_DATA=/data \
    GFSIM_LOG_LEVEL=info
COPY --from=build /tmp/gfsim.tgz /tmp/gfsim.tgz
RUN npm install --global --omit=dev --no-audit --no-fund /tmp/gfsim.tgz \
 && rm /tmp/gfsim.tgz \
 && npm cache clean --force \
 && mkdir -p /data \
 && chown node:node /data
USER node
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["gfsim"]
CMD ["serve"]
