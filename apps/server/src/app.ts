import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import helmet from "helmet";
import { pinoHttp } from "pino-http";
import type { Logger } from "pino";
import { createCampaignIndex, type Campaign } from "@pulse/shared";
import type { Config } from "./config.js";
import { createLogger } from "./logger.js";
import { loadCampaign } from "./campaign-file.js";
import { Metrics } from "./metrics.js";
import type { Store } from "./store/store.js";
import { createStore } from "./store/create-store.js";
import { IngestService } from "./ingest/ingest-service.js";
import { Relay } from "./realtime/relay.js";
import { attachRelay, createSocketServer, type PulseIo } from "./realtime/socket-server.js";
import type { Source } from "./sources/source.js";
import { createSources } from "./sources/create-sources.js";
import { errorHandler } from "./http/errors.js";
import { healthOf, publicRoutes } from "./routes/public-routes.js";
import { ingestRoutes } from "./routes/ingest-routes.js";
import { webRoutes } from "./routes/web-routes.js";

/** A Pulse node, built but not listening. */
export interface PulseApp {
  config: Config;
  campaign: Campaign;
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
  campaign?: Campaign;
}

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

/** Builds a Pulse node: HTTP routes, Socket.IO, store, relay and sources. `index.ts` is what listens. */
export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<PulseApp> {
  const logger = options.logger ?? createLogger(config);
  const campaign = options.campaign ?? (await loadCampaign(config.CAMPAIGN_FILE));
  const index = createCampaignIndex(campaign);
  const sources = createSources(config, campaign, logger);
  const metrics = new Metrics(() => sources.map((s) => s.status()));
  const store = createStore(config, campaign.id, logger.child({ component: "store" }));
  const ingest = new IngestService({ store, index, metrics, logger: logger.child({ component: "ingest" }) });

  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);
  app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/metrics" } }));
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { "frame-ancestors": ["'none'"], "connect-src": ["'self'"] } },
    }),
  );
  const httpServer = createServer(app);
  const io = createSocketServer(httpServer, { origins: config.EMBED_ORIGINS, logger });
  const relay = new Relay({
    store,
    campaignId: campaign.id,
    tickMs: config.TICK_MS,
    logger: logger.child({ component: "relay" }),
    broadcast: (delta) => io.emit("delta", delta),
    onTick: ({ durationMs, delta }) => metrics.observeTick(durationMs, Buffer.byteLength(JSON.stringify(delta))),
  });

  app.use(
    publicRoutes({
      campaign,
      snapshot: () => relay.snapshot(),
      health: () => healthOf(store, sources.map((s) => s.status())),
      metrics,
    }),
  );
  app.use(ingestRoutes(config, ingest));
  app.use(webRoutes(config.WEB_DIST ?? DEFAULT_WEB_DIST));
  app.use("/api", (_req, res) => void res.status(404).json({ error: "no such endpoint" }));
  app.use(errorHandler(logger, config.INGEST_MAX_BYTES));

  let started = false;
  return {
    config,
    campaign,
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
      await store.start();
      await relay.start();
      attachRelay(io, relay, { onClientCount: (n) => metrics.setClients(n) });
      for (const source of sources) source.start(ingest);
      started = true;
    },
    async close() {
      await Promise.all(sources.map((s) => s.stop()));
      if (started) relay.tick();
      relay.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await store.close();
    },
  };
}
