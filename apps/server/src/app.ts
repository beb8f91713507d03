import { createServer, type Server as HttpServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express, { type Express } from "express";
import type { Logger } from "pino";
import type { Campaign, LiveHealth } from "@pulse/shared";
import type { Config } from "./config.js";
import { createLogger, requestLogger } from "./logger.js";
import { loadCampaign } from "./campaign-file.js";
import { Metrics } from "./metrics.js";
import type { Store } from "./store/store.js";
import { createStoreConnection, usesDataDir } from "./store/create-store.js";
import { lockDataDirOrExit } from "./store/locked-memory-store.js";
import type { ReleaseDataDirLock } from "./store/data-dir-lock.js";
import { watchStoreHealth } from "./store/health-watch.js";
import type { IngestService } from "./ingest/ingest-service.js";
import type { Relay } from "./realtime/relay.js";
import { attachCampaigns, closeCampaign, createSocketServer, type PulseIo } from "./realtime/socket-server.js";
import { measuringParser } from "./realtime/measuring-parser.js";
import { broadcastClock, campaignClock } from "./realtime/campaign-clock.js";
import type { Source } from "./sources/source.js";
import { createSources } from "./sources/create-sources.js";
import { LiveSubscriptionTerms } from "./sources/subscription-terms.js";
import { errorHandler } from "./http/errors.js";
import { lingeringClose, REFUSED_BODY_MAX_MS } from "./http/lingering-close.js";
import { publicReadCors, securityHeaders } from "./http/security-headers.js";
import { healthOf, publicRoutes } from "./routes/public-routes.js";
import { ingestRoutes } from "./routes/ingest-routes.js";
import { notFoundPage, webRoutes } from "./routes/web-routes.js";
import { staffRoutes } from "./routes/staff-routes.js";
import { metricsRoutes } from "./routes/metrics-routes.js";
import { metricsAccess } from "./http/metrics-access.js";
import { createRateLimits } from "./http/rate-limit.js";
import type { CampaignRegistry } from "./campaigns/campaign-registry.js";
import { createCampaignRegistry, startRegistry } from "./campaigns/create-campaign-registry.js";
import { CampaignService } from "./campaigns/campaign-service.js";
import { RecountService } from "./campaigns/recount-service.js";
import { PrivacyService } from "./staff/privacy-service.js";
import { RetentionJob } from "./campaigns/retention-job.js";
import { createCampaignRuntime } from "./campaigns/campaign-runtime.js";
import { CampaignHub } from "./campaigns/campaign-hub.js";
import { CampaignRouter } from "./campaigns/campaign-router.js";
import type { AccountRegistry } from "./accounts/account-registry.js";
import { createAccountRegistry } from "./accounts/create-account-registry.js";
import { AccountService } from "./accounts/account-service.js";
import { OidcSignIn } from "./staff/oidc-sign-in.js";
import type { IngestTokenRegistry } from "./tokens/ingest-token-registry.js";
import { createIngestTokenRegistry } from "./tokens/create-ingest-token-registry.js";
import { IngestTokenService } from "./tokens/ingest-token-service.js";

/** A Pulse node, built but not listening. */
export interface PulseApp {
  config: Config;
  /** The default campaign's definition (`DEFAULT_CAMPAIGN`'s, else CAMPAIGN_FILE's, else the registry's default); `store`, `relay` and `ingest` are its own too. */
  readonly campaign: Campaign;
  /** Every campaign's definition, shared by every node. */
  campaigns: CampaignRegistry;
  app: Express;
  httpServer: HttpServer;
  /** With METRICS_PORT: the metrics listener's server (`/metrics` only), not listening yet (see `listenMetrics`). */
  metricsServer: HttpServer | undefined;
  io: PulseIo;
  readonly store: Store;
  readonly relay: Relay;
  readonly ingest: IngestService;
  /** Every campaign the node runs, by id. */
  hub: CampaignHub;
  /** Where the sources hand their posts: to every campaign that matches (see `CampaignRouter`). */
  router: CampaignRouter;
  /** The recounts this node runs. */
  recounts: RecountService;
  /** The retention job (docs/privacy.md). */
  retention: RetentionJob;
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
  /**
   * The campaign definitions the node runs (closed with the node). Default: the one the configuration asks for
   * (in Redis with REDIS_URL, else in process, kept in DATA_DIR when set).
   */
  registry?: CampaignRegistry;
  /** The staff accounts (closed with the node). Default: beside the campaign registry (Redis, else DATA_DIR). */
  accounts?: AccountRegistry;
  /** The ingest tokens (closed with the node). Default: beside the campaign registry (Redis, else DATA_DIR). */
  ingestTokens?: IngestTokenRegistry;
  /** bcrypt's cost for new passwords; default `BCRYPT_ROUNDS` (in-process tests use less: the cost is bcrypt's). */
  passwordRounds?: number;
}

const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

/**
 * Builds a Pulse node: HTTP routes, Socket.IO, store, relay and sources. `index.ts` is what listens. It reads the
 * campaign registry (connecting to Redis with `REDIS_URL`) to learn which campaign the node runs.
 */
export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<PulseApp> {
  const logger = options.logger ?? createLogger(config);
  const seed = options.campaign ?? (await loadCampaign(config.CAMPAIGN_FILE));
  const registry = options.registry ?? createCampaignRegistry(config, logger.child({ component: "campaigns" }));
  const seedIsConfigured = options.campaign !== undefined || config.CAMPAIGN_FILE !== undefined;
  const { campaign, configuredDefault } = await startRegistry(registry, { seed, seedIsConfigured, defaultId: config.DEFAULT_CAMPAIGN }).catch(
    async (err: unknown) => {
      await registry.close();
      throw err;
    },
  );
  const accountRegistry = options.accounts ?? createAccountRegistry(config, logger.child({ component: "accounts" }));
  await accountRegistry.start().catch(async (err: unknown) => {
    await Promise.all([accountRegistry.close(), registry.close()]);
    throw err;
  });
  const accounts = new AccountService({ registry: accountRegistry, ...(options.passwordRounds === undefined ? {} : { rounds: options.passwordRounds }) });
  const tokenRegistry = options.ingestTokens ?? createIngestTokenRegistry(config, logger.child({ component: "ingest-tokens" }));
  await tokenRegistry.start().catch(async (err: unknown) => {
    await Promise.all([tokenRegistry.close(), accountRegistry.close(), registry.close()]);
    throw err;
  });
  const ingestTokens = new IngestTokenService({
    registry: tokenRegistry,
    envToken: config.INGEST_TOKEN,
    campaignExists: async (id) => (await registry.get(id)) !== undefined,
    logger: logger.child({ component: "ingest-tokens" }),
  });
  const campaigns = new CampaignService({
    registry,
    defaultId: configuredDefault,
    // The node that took the request logs it, in the campaign's own store.
    storeOf: (record) => hub.storeOf(record),
    logger: logger.child({ component: "campaigns" }),
  });
  const recounts = new RecountService({
    // The latest definition, applied here first: a recount right after an edit on another node uses the edit.
    async campaign(id) {
      const record = await registry.get(id);
      if (!record || record.archived) return undefined;
      await hub.apply(record);
      return hub.get(id);
    },
    logger: logger.child({ component: "recount" }),
  });
  const privacy = new PrivacyService({ campaigns: everyCampaignStore, defaultStore: () => hub.default().store, logger: logger.child({ component: "privacy" }) });
  const retention = new RetentionJob({ campaigns: everyCampaign, logger: logger.child({ component: "retention" }) });
  // The connectors subscribe to what every campaign the router receives for needs, read again after each change
  // the hub applies (and as campaigns go live or end by the clock).
  const terms = new LiveSubscriptionTerms({
    campaigns: () => router.receiving().map((runtime) => runtime.campaign()),
    logger: logger.child({ component: "sources" }),
  });
  // Sources are built first so that a bad SOURCE fails before anything connects; the simulator asks the
  // default campaign's relay, when it starts, where the store's day stands.
  const sources = createSources(config, campaign, logger, {
    terms,
    resumeFrom: () => hub.default().relay.snapshot().timeline.at(-1)?.t,
  });
  const metrics = new Metrics(() => sources.map((s) => s.status()));
  // The embedded stores of every campaign share DATA_DIR: the node takes its lock once, at start.
  const dataDirLocked = usesDataDir(config);
  const app = express();
  app.disable("x-powered-by");
  // Off unless TRUST_PROXY names the proxy in front: then req.ip (per-IP rate limits, logs) is the client's.
  app.set("trust proxy", config.TRUST_PROXY);
  const rateLimits = createRateLimits(config, logger.child({ component: "rate-limit" }));
  app.use(requestLogger(logger));
  // Before anything that may refuse a request early (shutdown, rate limits, tokens, types, sizes).
  app.use(lingeringClose({ maxBytes: 2 * config.INGEST_MAX_BYTES, maxMs: REFUSED_BODY_MAX_MS }));
  app.use(securityHeaders(config.EMBED_ORIGINS, config.MEDIA_ALLOWED_HOSTS));
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
  // With Redis, every campaign's store shares the node's two connections (commands, pub/sub), whatever their number.
  const connection = createStoreConnection(config, logger.child({ component: "store" }), metrics);
  const hub = new CampaignHub(
    {
      registry,
      defaultId: configuredDefault,
      createRuntime: (definition) => createCampaignRuntime({ config, campaign: definition, io, logger, metrics, dataDirLocked, connection }),
      onArchived: (runtime) => closeCampaign(io, runtime.room, runtime.id),
      onChange: () => terms.changed(),
      logger: logger.child({ component: "campaigns" }),
    },
    campaign,
  );
  /**
   * Every campaign, archived ones included, with the way to its store (an archived campaign's is opened and kept
   * with the archived ones): what erasure and retention go over.
   */
  async function everyCampaign(): Promise<{ campaign: Campaign; store: () => Promise<Store | undefined> }[]> {
    return (await registry.list()).map((record) => ({ campaign: record.campaign, store: () => hub.storeOf(record) }));
  }
  /** Every campaign's store, opened. */
  async function everyCampaignStore(): Promise<{ id: string; store: Store }[]> {
    const out: { id: string; store: Store }[] = [];
    for (const { campaign, store: open } of await everyCampaign()) {
      const store = await open();
      if (store) out.push({ id: campaign.id, store });
    }
    return out;
  }
  const router = new CampaignRouter({ campaigns: hub, now: () => campaignClock(sources)().now, metrics });
  const store = (): Store => hub.default().store;
  /**
   * What the node's health is: the shared Redis connection, which is every campaign's; the embedded stores of a
   * node share its process and disk, so the default campaign's speaks for all.
   */
  const nodeStore = (): Pick<Store, "kind" | "isHealthy"> => connection ?? store();

  let draining = false;
  app.use((_req, res, next) => {
    if (!draining) return next();
    // Stop taking work while shutting down; a load balancer sends the retry elsewhere.
    res.status(503).set("Retry-After", "1").set("Connection", "close").json({ error: "node shutting down: retry on another node" });
  });
  app.use(
    publicRoutes({
      campaign: () => hub.default().campaign(),
      snapshot: () => hub.default().relay.snapshot(),
      campaignSnapshot: (id) => hub.get(id)?.relay.snapshot(),
      health: async () => {
        const health = healthOf(nodeStore(), sources.map((s) => s.status()));
        // Tokens' last use (once an admin created one), when the store answers: /healthz answers 200 whatever Redis does.
        if (health.status !== "ok") return health;
        const tokens = await ingestTokens.health().catch(() => undefined);
        return tokens ? { ...health, ingestTokens: tokens } : health;
      },
      campaigns,
    }),
  );
  // Only to whom the configuration allows; anyone else falls through to the 404 below (contract v2).
  app.use(metricsRoutes(metrics, metricsAccess(config)));
  app.use(ingestRoutes(config, (id) => (id === undefined ? hub.default() : hub.get(id)), ingestTokens, rateLimits.ingest));
  app.use(
    staffRoutes({
      staffToken: config.STAFF_TOKEN,
      campaign: (id) => (id === undefined ? hub.default() : hub.get(id)),
      campaigns,
      recounts,
      accounts,
      privacy,
      ingestTokens,
      logger,
      rateLimits: rateLimits.staff,
      lockout: rateLimits.lockout,
      oidc: config.OIDC_ISSUER && config.OIDC_CLIENT_ID
        ? new OidcSignIn({
            issuer: config.OIDC_ISSUER,
            clientId: config.OIDC_CLIENT_ID,
            clientSecret: config.OIDC_CLIENT_SECRET,
            roleClaim: config.OIDC_ROLE_CLAIM,
            redirectUri: config.OIDC_REDIRECT_URI,
            logger: logger.child({ component: "oidc" }),
          })
        : undefined,
      mediaHosts: config.MEDIA_ALLOWED_HOSTS,
    }),
  );
  const webDist = config.WEB_DIST ?? DEFAULT_WEB_DIST;
  app.use(webRoutes(webDist, { campaignExists: (id) => campaigns.isPublished(id) }));
  app.use("/api", (req, res) => void res.status(404).json({ error: `no such endpoint: ${req.method} ${req.originalUrl.split("?")[0]}` }));
  app.use(notFoundPage(webDist));
  app.use(errorHandler(logger, config.INGEST_MAX_BYTES));
  const metricsServer = config.METRICS_PORT === undefined ? undefined : createServer(metricsApp(metrics));

  let started = false;
  let stopWatching: (() => void) | undefined;
  let stopClock: (() => void) | undefined;
  let releaseDataDir: ReleaseDataDirLock | undefined;
  return {
    config,
    get campaign() {
      return hub.default().campaign();
    },
    campaigns: registry,
    app,
    httpServer,
    metricsServer,
    io,
    get store() {
      return store();
    },
    get relay() {
      return hub.default().relay;
    },
    get ingest() {
      return hub.default().ingest;
    },
    hub,
    router,
    recounts,
    retention,
    sources,
    logger,
    metrics,
    async start() {
      rateLimits.start();
      if (dataDirLocked) releaseDataDir = await lockDataDirOrExit(config.DATA_DIR, logger.child({ component: "store" }));
      try {
        await hub.start();
      } catch (err) {
        await releaseDataDir?.();
        throw err;
      }
      const health = (): LiveHealth => ({ status: nodeStore().isHealthy() ? "ok" : "degraded" });
      attachCampaigns(io, {
        onClientCount: (n) => metrics.setClients(n),
        health,
        channel: (id) => (id === undefined ? hub.default() : hub.get(id)),
      });
      // The simulator and replay play the default campaign's day: its clients get their clock, the others the real time.
      const playsDefault = (id: string | undefined) => id === undefined || hub.get(id) === hub.default();
      stopClock = broadcastClock(
        { on: (event, listener) => io.on(event, listener), off: (event, listener) => io.off(event, listener), emit: (event, clock) => io.to(hub.default().room).emit(event, clock) },
        campaignClock(sources),
        { plays: (client) => playsDefault(client.data?.campaign) },
      );
      const watched = nodeStore();
      stopWatching = watchStoreHealth(watched, (healthy) => {
        logger.warn({ store: watched.kind, healthy }, healthy ? "store reachable again" : "store unreachable: live data paused");
        io.emit("health", health());
      });
      terms.start();
      retention.start();
      ingestTokens.start();
      for (const source of sources) source.start(router);
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
      terms.stop();
      await Promise.all(sources.map((s) => s.stop()));
      // Each campaign sends its last delta.
      await hub.stop();
      io.engine.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // A recount stops after its batch, and a retention run ends, before the stores close.
      await recounts.stop();
      await retention.stop();
      await hub.close();
      await connection?.close();
      await registry.close();
      await accountRegistry.close();
      // After the last request: its use is flushed with the others.
      await ingestTokens.close().catch((err: unknown) => logger.warn({ err }, "ingest tokens: last uses not saved at shutdown"));
      await tokenRegistry.close();
      await releaseDataDir?.();
      await rateLimits.close();
      // Last, so Prometheus can scrape the node while it drains.
      if (metricsServer?.listening) {
        metricsServer.closeAllConnections();
        await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      }
    },
  };
}

/** The metrics listener's app: `GET /metrics`, and 404 for anything else. */
function metricsApp(metrics: Metrics): Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(metricsRoutes(metrics));
  app.use((req, res) => void res.status(404).json({ error: `no such endpoint: ${req.method} ${req.originalUrl.split("?")[0]}: this port serves GET /metrics only` }));
  return app;
}
