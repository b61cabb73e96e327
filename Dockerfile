# orderwatch: one image for every role (`npm start -- --role=api|worker|stream|all`).
# Used by docker-compose.yml next to PostgreSQL 16 and Redis 7; see README.md.
FROM node:20-bookworm-slim

# The npm the lock file was made with. npm 11 honours package.json's `allowScripts`: only the packages
# listed there run install scripts, so @prisma/engines never downloads an engine binary (the project
# uses Prisma's JS engine over @prisma/adapter-pg). The npm 10 that ships with Node 20 would run them all.
ARG NPM_VERSION=11.19.1

# NPM_CONFIG_SCRIPT_SHELL: `npm start` runs `tsx src/main.ts` through this shell. bash execs that single
# command, so the SIGTERM that npm forwards reaches tsx (which relays it to the app) and the app shuts
# down gracefully. Debian's /bin/sh (dash) would stay in between, die of the signal, and leave the app
# running until Docker kills it.
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_SCRIPT_SHELL=/bin/bash \
    HOST=0.0.0.0 \
    PORT=3000

WORKDIR /app

RUN npm install --global "npm@${NPM_VERSION}" \
 && npm cache clean --force

# Dependencies first, so that a change to the code does not reinstall them. The project's postinstall
# (`prisma generate`) needs the schema and prisma.config.ts; it writes the client to src/store/generated.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --omit=dev \
 && npm cache clean --force

# The code stays owned by root (read-only for the app); only the data folder is the app's. The embedded
# Postgres fallback keeps its files there when no DATABASE_URL is given (docker-compose.yml gives one).
COPY . .
RUN mkdir -p /app/.orderwatch \
 && chown node:node /app/.orderwatch

USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
CMD ["npm", "start"]
