import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import type { Logger } from "pino";
import { createCampaignIndex, type Campaign, type LiveHealth } from "@pulse/shared";
import type { Config } from "./config.js";
import { createLogger, requestLogger } from "./logger.js";
import { loadCampaign } from "./campaign-file.js";
import { Metrics } from "./metrics.js";
import type { Store } from "./store/store.js";
import { createStore } from "./store/create-store.js";
import { watchStoreHealth } from "./store/health-watch.js";
import { IngestService } from "./ingest/ingest-service.js";
import { Relay } from "./realtime/relay.js";
import { attachRelay, createSocketServer, type PulseIo } from "./realtime/socket-server.js";
import { measuringParser } from "./realtime/measuring-parser.js";
import { broadcastClock, campaignClock } from "./realtime/campaign-clock.js";
import type { Source } from "./sources/source.js";
import { createSources } from "./sources/create-sources.js";
import { errorHandler } from "./http/errors.js";
import { lingeringClose, REFUSED_BODY_MAX_MS } from "./http/lingering-close.js";
import { publicReadCors, securityHeaders } from "./http/security-headers.js";
import { healthOf, publicRoutes } from "./routes/public-routes.js";
import { ingestRoutes } from "./routes/ingest-routes.js";
import { notFoundPage, webRoutes } from "./routes/web-routes.js";
import { staffRoutes } from "./routes/staff-routes.js";
import { createRateLimits } from "./http/rate-limit.js";
import { BlocklistService } from "./staff/blocklist-service.js";
import { ModerationService } from "./staff/moderation-service.js";
import { OrganizationService } from "./staff/organization-service.js";
import type { CampaignRegistry } from "./campaigns/campaign-registry.js";
import { createCampaignRegistry, startRegistry } from "./campaigns/create-campaign-registry.js";
import { CampaignService } from "./campaigns/campaign-service.js";

/** A Pulse node, built but not listening. */
export interface PulseApp {
  config: Config;
  /** The campaign this node runs: `DEFAULT_CAMPAIGN`'s, else CAMPAIGN_FILE's, else the registry's default. */
  campaign: Campaign;
  /** Every campaign's definition, shared by every node. */
  campaigns: CampaignRegistry;
  app: Express;
  httpServer: HttpServer;
  io: PulseIo;
  store: Store;
  relay: Relay;
  ingest: IngestService;
  sources: Source[];
  logger: Logger;
  metrics: Metrics;
  /** Connects the store, starts the relay, then the sources. */
  start(): Promise<void>;
  /** Stops sources, clients, relay and store, in that order. */
  close(): Promise<void>;
}

/** What tests and embedders may swap in. */
export interface CreateAppOptions {
  logger?: Logger;
  /** The campaign the node runs, as a CAMPAIGN_FILE would give it (imported, or updated, in the registry). */
  campaign?: Campaign;
}

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

/**
 * Builds a Pulse node: HTTP routes, Socket.IO, store, relay and sources. `index.ts` is what listens. It reads the
 * campaign registry (connecting to Redis with `REDIS_URL`) to learn which campaign the node runs.
 */
export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<PulseApp> {
  const logger = options.logger ?? createLogger(config);
  const seed = options.campaign ?? (await loadCampaign(config.CAMPAIGN_FILE));
  const registry = createCampaignRegistry(config, logger.child({ component: "campaigns" }));
  const seedIsConfigured = options.campaign !== undefined || config.CAMPAIGN_FILE !== undefined;
  const { campaign, configuredDefault } = await startRegistry(registry, { seed, seedIsConfigured, defaultId: config.DEFAULT_CAMPAIGN }).catch(
    async (err: unknown) => {
      await registry.close();
      throw err;
    },
  );
  const campaigns = new CampaignService({ registry, defaultId: configuredDefault });
  const index = createCampaignIndex(campaign);
  // Sources are built first so that a bad SOURCE fails before anything connects; the simulator asks the
  // relay, when it starts, where the store's day stands.
  const sources = createSources(config, campaign, logger, {
    resumeFrom: () => relay.snapshot().timeline.at(-1)?.t,
  });
  const metrics = new Metrics(() => sources.map((s) => s.status()));
  const store = createStore(config, campaign.id, logger.child({ component: "store" }), metrics);
  const blocklist = new BlocklistService({ store });
  const ingest = new IngestService({ store, index, metrics, logger: logger.child({ component: "ingest" }), screen: blocklist });

  const app = express();
  app.disable("x-powered-by");
  // Off unless TRUST_PROXY names the proxy in front: then req.ip (per-IP rate limits, logs) is the client's.
  app.set("trust proxy", config.TRUST_PROXY);
  const rateLimits = createRateLimits(config, logger.child({ component: "rate-limit" }));
  app.use(requestLogger(logger));
  // Before anything that may refuse a request early (shutdown, rate limits, tokens, types, sizes).
  app.use(lingeringClose({ maxBytes: 2 * config.INGEST_MAX_BYTES, maxMs: REFUSED_BODY_MAX_MS }));
  app.use(securityHeaders(config.EMBED_ORIGINS));
  app.use(["/api/snapshot", "/api/campaign", "/api/campaigns", "/api/c", "/healthz"], publicReadCors(config.EMBED_ORIGINS));
  const httpServer = createServer(app);
  const io = createSocketServer(httpServer, {
    origins: config.EMBED_ORIGINS,
    logger,
    // Sizes each delta from the one encoding Socket.IO makes for all clients, rather than encoding it again.
    parser: measuringParser(new Set(["delta"]), (_event, bytes) => {
      metrics.observeDeltaBytes(bytes);
    }),
  });
  const relay = new Relay({
    store,
    campaignId: campaign.id,
    tickMs: config.TICK_MS,
    logger: logger.child({ component: "relay" }),
    // Volatile: a client too slow to take a delta misses it, sees the gap in seq and resyncs (bounded memory).
    broadcast: (delta) => io.volatile.emit("delta", delta),
    broadcastSync: (seq) => io.volatile.emit("sync", { seq }),
    onTick: ({ durationMs }) => metrics.observeTick(durationMs),
  });

  let draining = false;
  app.use((_req, res, next) => {
    if (!draining) return next();
    // Stop taking work while shutting down; a load balancer sends the retry elsewhere.
    res.status(503).set("Retry-After", "1").set("Connection", "close").json({ error: "node shutting down: retry on another node" });
  });
  app.use(
    publicRoutes({
      campaign,
      snapshot: () => relay.snapshot(),
      health: () => healthOf(store, sources.map((s) => s.status())),
      metrics,
      campaigns,
    }),
  );
  app.use(ingestRoutes(config, ingest, rateLimits.ingest));
  app.use(
    staffRoutes({
      staffToken: config.STAFF_TOKEN,
      campaign,
      store,
      moderation: new ModerationService(store),
      organizations: new OrganizationService({
        campaign,
        store,
        revision: () => relay.revision(),
        byOrganization: () => relay.snapshot().byOrganization,
      }),
      blocklist,
      campaigns,
      logger,
      rateLimits: rateLimits.staff,
    }),
  );
  const webDist = config.WEB_DIST ?? DEFAULT_WEB_DIST;
  app.use(webRoutes(webDist, { campaignExists: (id) => campaigns.isPublished(id) }));
  app.use("/api", (req, res) => void res.status(404).json({ error: `no such endpoint: ${req.method} ${req.originalUrl.split("?")[0]}` }));
  app.use(notFoundPage(webDist));
  app.use(errorHandler(logger, config.INGEST_MAX_BYTES));

  let started = false;
  let stopWatching: (() => void) | undefined;
  let stopClock: (() => void) | undefined;
  return {
    config,
    campaign,
    campaigns: registry,
    app,
    httpServer,
    io,
    store,
    relay,
    ingest,
    sources,
    logger,
    metrics,
    async start() {
      rateLimits.start();
      await store.start();
      await relay.start();
      const health = (): LiveHealth => ({ status: store.isHealthy() ? "ok" : "degraded" });
      attachRelay(io, relay, { onClientCount: (n) => metrics.setClients(n), health, campaign: () => campaign });
      stopClock = broadcastClock(io, campaignClock(sources));
      stopWatching = watchStoreHealth(store, (healthy) => {
        logger.warn({ store: store.kind, healthy }, healthy ? "store reachable again" : "store unreachable: live data paused");
        io.emit("health", health());
      });
      for (const source of sources) source.start(ingest);
      started = true;
    },
    async close() {
      // Graceful: stop taking work, let sources finish their batch, flush the last delta, then close every
      // client's connection and the store last. Closing the engine's connections (not the sockets) makes
      // clients see "transport close", after which any socket.io-client reconnects by itself, to another
      // node behind a load balancer.
      draining = true;
      stopWatching?.();
      stopClock?.();
      // A short window in which requests on open keep-alive connections get 503 + Connection: close rather
      // than a reset when the sockets close.
      if (started) await new Promise((resolve) => setTimeout(resolve, 200));
      await Promise.all(sources.map((s) => s.stop()));
      if (started) relay.tick();
      relay.stop();
      io.engine.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await store.close();
      await registry.close();
      await rateLimits.close();
    },
  };
}
