import { retentionAt, type Campaign } from "@pulse/shared";
import type { Logger } from "pino";
import type { Store } from "../store/store.js";

/** A campaign as retention needs it: its definition, and its store, opened only when the campaign is due. */
export interface RetentionCampaign {
  campaign: Campaign;
  store(): Promise<Pick<Store, "claimRetention" | "reduceForRetention" | "logEdit"> | undefined>;
}

/** What the retention job needs. */
export interface RetentionJobDeps {
  /** Every campaign, archived ones included, with its store. */
  campaigns(): Promise<RetentionCampaign[]>;
  /** The clock (epoch ms); default the real one. */
  now?: () => number;
  /** How often it looks; default an hour. A run is claimed for this long, so one node of several does it. */
  intervalMs?: number;
  logger?: Logger;
}

/** The actor the audit log names for what retention does. */
export const RETENTION_ACTOR = "retention";

/**
 * Retention (docs/privacy.md): every `intervalMs`, each campaign whose `retentionDays` after its end have passed has
 * its stored posts reduced (`Store.reduceForRetention`: no text, author names or media; counters and aggregates
 * stay). With several nodes on one Redis, the node that claims a campaign's run (`Store.claimRetention`, a
 * `SET NX PX` held for the interval) does it, the others skip it. Reducing is idempotent, so a post that came after a
 * run is reduced by the next; a run that changed posts logs a `retention` audit entry in the campaign's log.
 */
export class RetentionJob {
  readonly #deps: RetentionJobDeps;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(deps: RetentionJobDeps) {
    this.#deps = deps;
    this.#intervalMs = deps.intervalMs ?? 3_600_000;
    this.#now = deps.now ?? Date.now;
  }

  /** Looks every interval from now on (the first look one interval after start). */
  start(): void {
    this.#timer = setInterval(() => {
      // One run at a time: a slow one delays the next rather than overlapping it.
      this.#running = this.#running.then(() => this.run().then(() => undefined));
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** Stops looking, and waits for a run under way. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** Waits for the run under way, if any (tests). */
  settled(): Promise<void> {
    return this.#running;
  }

  /** One look: reduces every campaign that is due and that this node claims; resolves to what it reduced. */
  async run(): Promise<{ campaign: string; posts: number }[]> {
    const done: { campaign: string; posts: number }[] = [];
    const now = this.#now();
    let campaigns: RetentionCampaign[];
    try {
      campaigns = await this.#deps.campaigns();
    } catch (err) {
      this.#deps.logger?.warn({ err }, "retention: could not list the campaigns; trying at the next interval");
      return done;
    }
    for (const { campaign, store: open } of campaigns) {
      const due = retentionAt(campaign);
      if (due === undefined || now < due || campaign.retentionDays === undefined) continue;
      try {
        const store = await open();
        if (!store || !(await store.claimRetention(this.#intervalMs))) continue;
        const posts = await store.reduceForRetention();
        if (posts > 0) {
          await store.logEdit({ type: "retention", posts, days: campaign.retentionDays }, RETENTION_ACTOR);
          this.#deps.logger?.info({ campaign: campaign.id, posts, days: campaign.retentionDays }, "retention: stored posts reduced");
        }
        done.push({ campaign: campaign.id, posts });
      } catch (err) {
        // The next interval tries again; what was reduced stays reduced.
        this.#deps.logger?.warn({ err, campaign: campaign.id }, "retention: could not reduce the campaign's posts");
      }
    }
    return done;
  }
}
