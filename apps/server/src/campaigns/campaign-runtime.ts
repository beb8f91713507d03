import { createCampaignIndex, type Campaign, type CampaignIndex, type Post } from "@pulse/shared";
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Metrics } from "../metrics.js";
import { campaignNotice } from "../campaign-revision.js";
import { createStore } from "../store/create-store.js";
import type { Store } from "../store/store.js";
import type { RedisStoreConnection } from "../store/redis-store.js";
import { IngestService } from "../ingest/ingest-service.js";
import { Relay } from "../realtime/relay.js";
import { hasPublicMedia, publicPost } from "../realtime/public-media.js";
import { broadcastDelta, type PulseIo } from "../realtime/socket-server.js";
import { BlocklistService } from "../staff/blocklist-service.js";
import { ModerationService } from "../staff/moderation-service.js";
import { OrganizationService } from "../staff/organization-service.js";

/** The Socket.IO room of a campaign's clients: its relay broadcasts there, once per tick. */
export function campaignRoom(id: string): string {
  return `campaign:${id}`;
}

/** What a campaign runtime is built from. */
export interface CampaignRuntimeOptions {
  config: Config;
  campaign: Campaign;
  io: PulseIo;
  logger: Logger;
  metrics?: Metrics;
  /** The node holds DATA_DIR's lock for all its campaigns (see `createStore`). */
  dataDirLocked?: boolean;
  /** With REDIS_URL: the node's Redis connection, which every campaign's store shares (see `createStoreConnection`). */
  connection?: RedisStoreConnection;
}

/**
 * One campaign running on a node: its store (counters, dedupe, moderation, audit…), the relay that broadcasts its
 * deltas to its clients' room, its ingest pipeline and its staff services. Its definition can be swapped live
 * ({@link CampaignRuntime.setCampaign}); what is stored stays.
 */
export interface CampaignRuntime {
  readonly id: string;
  /** The Socket.IO room its clients join. */
  readonly room: string;
  readonly store: Store;
  readonly relay: Relay;
  readonly ingest: IngestService;
  readonly blocklist: BlocklistService;
  readonly moderation: ModerationService;
  readonly organizations: OrganizationService;
  /** The current definition. */
  campaign(): Campaign;
  /** The attribution tables of the current definition. */
  index(): CampaignIndex;
  /**
   * Takes an edited definition (same id): posts that come next are attributed by it, organization figures are
   * tallied by it, and the campaign's clients are told its new revision. Counts are kept.
   */
  setCampaign(campaign: Campaign): void;
  /** Connects the store, then starts the relay. */
  start(): Promise<void>;
  /** Sends the last delta and stops the relay (the store stays open, for a shutdown's last writes). */
  stop(): void;
  /** Starts the relay again after `stop` (an unarchived campaign): it re-reads the store. */
  resume(): Promise<void>;
  /** Closes the store: call after `stop`. */
  close(): Promise<void>;
}

/** Builds a campaign's runtime; nothing connects before `start`. */
export function createCampaignRuntime(options: CampaignRuntimeOptions): CampaignRuntime {
  const { config, io, metrics } = options;
  const id = options.campaign.id;
  const room = campaignRoom(id);
  const logger = options.logger.child({ campaign: id });
  let campaign = options.campaign;
  let index = createCampaignIndex(campaign);
  const store = createStore(config, id, logger.child({ component: "store" }), metrics, {
    dataDirLocked: options.dataDirLocked,
    connection: options.connection,
    feedPerSecond: campaign.feedPace ?? config.FEED_MAX_PER_SEC,
  });
  const blocklist = new BlocklistService({ store });
  const hosts = config.MEDIA_ALLOWED_HOSTS;
  // What public screens see of a post's media, by the campaign's setting at the time.
  const project = (approval: Campaign["mediaApproval"]) => (post: Post) => publicPost(post, { hosts, approval });
  const ingest = new IngestService({
    store,
    index,
    metrics,
    campaignId: id,
    logger: logger.child({ component: "ingest" }),
    screen: blocklist,
    holds: (post) => campaign.mediaApproval === "posts" && hasPublicMedia(post, hosts),
  });
  const relay = new Relay({
    store,
    campaignId: id,
    tickMs: config.TICK_MS,
    logger: logger.child({ component: "relay" }),
    // One broadcast to the room: Socket.IO encodes it once for all its clients. Volatile: a client too slow to
    // take a delta misses it, sees the gap in seq and resyncs (bounded memory).
    broadcast: (delta) => broadcastDelta(io, room, delta),
    broadcastSync: (seq) => io.to(room).volatile.emit("sync", { seq }),
    onTick: ({ durationMs }) => metrics?.observeTick(durationMs),
    publicPost: project(campaign.mediaApproval),
  });
  const organizations = new OrganizationService({
    campaign,
    store,
    revision: () => relay.revision(),
    byOrganization: () => relay.snapshot().byOrganization,
  });
  let started = false;
  return {
    id,
    room,
    store,
    relay,
    ingest,
    blocklist,
    moderation: new ModerationService(store, () => campaign.mediaApproval),
    organizations,
    campaign: () => campaign,
    index: () => index,
    setCampaign(next) {
      if (next.id !== id) throw new Error(`campaign runtime ${id} cannot take campaign ${next.id}`);
      const mediaApprovalChanged = (next.mediaApproval ?? "off") !== (campaign.mediaApproval ?? "off");
      campaign = next;
      // Pictures on screen follow the new setting within a tick: the relay sends them again, projected anew.
      if (mediaApprovalChanged) void relay.setPublicPost(project(next.mediaApproval));
      index = createCampaignIndex(next);
      ingest.setIndex(index);
      store.setFeedPace(next.feedPace ?? config.FEED_MAX_PER_SEC);
      organizations.setCampaign(next);
      io.to(room).emit("campaign", campaignNotice(next));
    },
    async start() {
      await store.start();
      await relay.start();
      started = true;
    },
    stop() {
      if (started) relay.tick();
      relay.stop();
    },
    async resume() {
      await relay.start();
      started = true;
    },
    close: () => store.close(),
  };
}
