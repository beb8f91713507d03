import {
  MODERATION_LOG_LIMIT,
  ModerationModeSchema,
  NetworkSchema,
  PostModerationStateSchema,
  type AuditLog,
  type ModeratedPost,
  type ModeratedPostList,
  type ModerationQueue,
  type ModerationResult,
  type ModerationState,
  type Network,
  type PostModerationState,
} from "@pulse/shared";
import { z } from "zod";
import type { Store } from "../store/store.js";
import { badRequest, parseBody } from "./staff-errors.js";

/** Actions on one post: `POST /api/moderation/posts/:network/:id/<action>`. */
export const POST_ACTIONS = ["hide", "unhide", "pin", "unpin", "approve"] as const;
/** Actions on an author: `POST /api/moderation/authors/:network/:authorId/<action>`. */
export const AUTHOR_ACTIONS = ["block", "unblock"] as const;

export type PostAction = (typeof POST_ACTIONS)[number];
export type AuthorAction = (typeof AUTHOR_ACTIONS)[number];

/** Filters of `GET /api/moderation/posts`. */
export interface PostFilter {
  state?: PostModerationState | "pinned";
  limit: number;
}

/** Most posts one `GET /api/moderation/posts` returns. */
export const POSTS_LIST_LIMIT = 500;

const ModeBodySchema = z.object({ mode: ModerationModeSchema });

/** Splits a recorded actor (`staff:session:Zoé`, `staff:bearer`, `blocklist`) for the console. */
function splitActor(actor: string): { via: string; name?: string } {
  const match = /^staff:([^:]+)(?::(.*))?$/s.exec(actor);
  if (!match) return { via: actor };
  return { via: match[1] as string, ...(match[2] ? { name: match[2] } : {}) };
}

function networkOf(network: string): Network {
  const parsed = NetworkSchema.safeParse(network);
  if (!parsed.success) throw badRequest(`unknown network ${JSON.stringify(network)}: expected x, mastodon, bluesky or other`);
  return parsed.data;
}

function idOf(id: string, what: string): string {
  if (id.length === 0) throw badRequest(`expected a ${what} after the network (URL-encode ids that hold "/")`);
  return id;
}

/**
 * The staff side of moderation: actions by post and author keys built from URL parts, the mode, the queue, the
 * audit log and a view of stored posts by moderation state. Every action goes through `Store.moderate`, which
 * publishes it to every node; counters never change.
 */
export class ModerationService {
  constructor(private readonly store: Store) {}

  /** Hides, unhides, pins, unpins or approves the post `network:id`. */
  postAction(action: PostAction, network: string, id: string, actor: string): Promise<ModerationResult> {
    const key = `${networkOf(network)}:${idOf(id, "post id")}`;
    return this.store.moderate({ type: action, key }, actor);
  }

  /** Blocks or unblocks the author `network:authorId` (past and future posts). */
  authorAction(action: AuthorAction, network: string, authorId: string, actor: string): Promise<ModerationResult> {
    const author = `${networkOf(network)}:${idOf(authorId, "author id")}`;
    return this.store.moderate({ type: action, author }, actor);
  }

  /** Sets the mode from a body `{ mode: "auto" | "approve" }`. */
  setMode(body: unknown, actor: string): Promise<ModerationResult> {
    const { mode } = parseBody(ModeBodySchema, body, `{ "mode": "auto" } or { "mode": "approve" }`);
    return this.store.moderate({ type: "setMode", mode }, actor);
  }

  /** `GET /api/moderation/queue`. */
  async queue(): Promise<ModerationQueue> {
    const { mode, queue, queued } = await this.store.moderationState();
    return { mode, queue, queued };
  }

  /** `GET /api/moderation/state`: the store's state as it is. */
  state(): Promise<ModerationState> {
    return this.store.moderationState();
  }

  /** The newest `limit` audit log entries, newest first. `limit` is a query string value: 1 to 5000, default 100. */
  async audit(limit: unknown): Promise<AuditLog> {
    const n = boundedInt(limit, "limit", 100, MODERATION_LOG_LIMIT);
    const entries = await this.store.moderationLog(n);
    return { entries: entries.map((entry) => ({ ...entry, ...splitActor(entry.actor) })) };
  }

  /** One stored post and its flags, or undefined. */
  post(network: string, id: string): Promise<ModeratedPost | undefined> {
    return this.store.post(`${networkOf(network)}:${idOf(id, "post id")}`);
  }

  /** Parses the query of `GET /api/moderation/posts`. */
  filter(query: { state?: unknown; limit?: unknown }): PostFilter {
    const limit = boundedInt(query.limit, "limit", 100, POSTS_LIST_LIMIT);
    if (query.state === undefined) return { limit };
    const state = z.union([PostModerationStateSchema, z.literal("pinned")]).safeParse(query.state);
    if (!state.success) {
      throw badRequest(`state=${JSON.stringify(query.state)}: expected visible, hidden, blocked, pending or pinned`);
    }
    return { state: state.data, limit };
  }

  /**
   * The newest stored posts (by arrival) in a moderation state, or all, newest first. It reads every stored post,
   * which is fine at campaign scale (a 50k-post day reads in well under a second).
   */
  async posts(filter: PostFilter): Promise<ModeratedPostList> {
    const newest: ModeratedPost[] = [];
    for await (const item of this.store.allPosts()) {
      const wanted = filter.state === undefined || (filter.state === "pinned" ? item.pinned : item.state === filter.state);
      if (!wanted) continue;
      newest.push(item);
      if (newest.length > filter.limit) newest.shift();
    }
    return { posts: newest.reverse() };
  }
}

/** A query-string integer between 1 and `max`, `fallback` when absent; a 400 otherwise. */
export function boundedInt(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined || value === "") return fallback;
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badRequest(`${name}=${JSON.stringify(value)}: expected an integer from 1 to ${max}`);
  return n;
}
