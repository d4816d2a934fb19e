# gfsim in one image: the CLI, the HTTP API (`gfsim serve`) and block-queue workers (`gfsim worker`); the command
# picks the role (see docker-compose.yml and docs/scale-out.md). Every container of a deployment must run the same
# image: workers refuse blocks of another gfsim version.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# Scripts off here: `prepare` builds dist/, which needs the sources copied below.
RUN npm ci --ignore-scripts
COPY . .
RUN npm run build && npm prune --omit=dev && mkdir -p /data && chown node:node /data
ENV NODE_ENV=production
USER node
ENTRYPOINT ["node", "bin/gfsim.js"]
CMD ["--help"]
