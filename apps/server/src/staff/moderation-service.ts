import {
  EXCERPT_LENGTH,
  NetworkSchema,
  authorKey,
  oneLineExcerpt,
  postKey,
  type AuditAction,
  type AuthorAction,
  type AuditLog,
  type Campaign,
  type ModeratedPost,
  type ModeratedPostList,
  type ModerationLogEntry,
  type ModerationQueue,
  type ModerationResult,
  type ModerationState,
  type ModerationSubject,
  type Network,
  type ParsedBodyOf,
  type ParsedQueryOf,
  type Post,
  type PostAction,
} from "@pulse/shared";
import type { Store } from "../store/store.js";
import { badRequest } from "./staff-errors.js";

/** Filters of `GET /api/moderation/posts`, as its query schema parses them. */
export type PostFilter = ParsedQueryOf<"moderatedPosts">;

/** A post's text on one line, cut to `EXCERPT_LENGTH` characters (never inside a character) with an ellipsis. */
export function excerptOf(text: string): string {
  return oneLineExcerpt(text, EXCERPT_LENGTH);
}

/** Who a post is by and what it says, for the audit log. */
export function subjectOf(post: Post): ModerationSubject {
  const name = post.author.name?.trim();
  return { handle: post.author.handle, ...(name ? { name } : {}), excerpt: excerptOf(post.text) };
}

/** Splits a recorded actor (`account:zoe`, `staff:session:Zoé`, `staff:bearer`, `blocklist`) for the console. */
function splitActor(actor: string): { via: string; name?: string } {
  // A staff account: `account:<username>`.
  if (actor.startsWith("account:")) return { via: "account", name: actor.slice("account:".length) };
  const match = /^staff:([^:]+)(?::(.*))?$/s.exec(actor);
  if (!match) return { via: actor };
  return { via: match[1] as string, ...(match[2] ? { name: match[2] } : {}) };
}

/** The post or author key an action is about, if any. */
function targetOf(action: AuditAction): string | undefined {
  if ("key" in action) return action.key;
  if ("author" in action) return action.author;
  return undefined;
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
  /** `mediaApproval`: the campaign's setting, read at each action (see `postAction`). */
  constructor(
    private readonly store: Store,
    private readonly mediaApproval: () => Campaign["mediaApproval"] = () => undefined,
  ) {}

  /**
   * Hides, unhides, pins, unpins or approves the post `network:id`, or approves (or withholds again) its media. The log
   * entry records the post's author and an excerpt as they stand now, so it reads the same after the post is edited or
   * deleted. While the campaign's `mediaApproval` is `posts`, approving a post with media approves its media first,
   * so it comes on screen with them (its own audit entry, then the approval's).
   */
  async postAction(action: PostAction, network: string, id: string, actor: string): Promise<ModerationResult> {
    const key = `${networkOf(network)}:${idOf(id, "post id")}`;
    const stored = await this.store.post(key);
    const about = stored ? subjectOf(stored.post) : undefined;
    if (action === "approve" && stored?.pending && this.mediaApproval() === "posts" && (stored.post.media?.length ?? 0) > 0) {
      await this.store.moderate({ type: "approveMedia", key }, actor, about);
    }
    return this.store.moderate({ type: action, key }, actor, about);
  }

  /**
   * Blocks or unblocks the author `network:authorId` (past and future posts). A block records who the author is:
   * from the post `hint` names (the body's `{ "post": "network:id" }`, when it is theirs), else from their newest
   * stored post; an unblock names them as their block did.
   */
  async authorAction(action: AuthorAction, network: string, authorId: string, actor: string, hint?: string): Promise<ModerationResult> {
    const author = `${networkOf(network)}:${idOf(authorId, "author id")}`;
    const about = action === "block" ? await this.authorSubject(author, hint) : (await this.store.moderationState()).blockedProfiles[author];
    return this.store.moderate({ type: action, author }, actor, about);
  }

  /** Who `author` is, from the hinted post when it is theirs, else from their newest stored post; undefined if none. */
  private async authorSubject(author: string, hint: string | undefined): Promise<ModerationSubject | undefined> {
    const hinted = hint === undefined ? undefined : await this.store.post(hint);
    if (hinted && authorKey(hinted.post) === author) return subjectOf(hinted.post);
    let newest: Post | undefined;
    for await (const item of this.store.allPosts()) if (authorKey(item.post) === author) newest = item.post;
    return newest ? subjectOf(newest) : undefined;
  }

  /**
   * Sets the mode from a body `{ mode: "auto" | "approve", held?: "release" | "keep" }`. `held` says what leaving
   * approve mode does with the posts waiting: `release` approves them all, `keep` (the default) leaves them held.
   */
  setMode({ mode, held }: ParsedBodyOf<"moderationMode">, actor: string): Promise<ModerationResult> {
    return this.store.moderate({ type: "setMode", mode, ...(held ? { held } : {}) }, actor);
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

  /** The newest `limit` audit log entries, newest first (the query schema bounds it: 1 to 5000, default 100). */
  async audit(limit: number): Promise<AuditLog> {
    const entries = await this.store.moderationLog(limit);
    const known = await this.subjectsOfOldEntries(entries);
    return {
      entries: entries.map((entry) => {
        const about = entry.about ?? known.get(targetOf(entry.action) ?? "");
        return { ...entry, ...splitActor(entry.actor), ...(about ? { about } : {}) };
      }),
    };
  }

  /**
   * Entries from before `about` was recorded name only a key: their post, when still stored, or the blocked
   * author's recorded profile names them now.
   */
  private async subjectsOfOldEntries(entries: ModerationLogEntry[]): Promise<Map<string, ModerationSubject>> {
    const found = new Map<string, ModerationSubject>();
    const old = entries.filter((entry) => !entry.about);
    if (old.length === 0) return found;
    const postKeys = new Set(old.flatMap((entry) => ("key" in entry.action ? [entry.action.key] : [])));
    const stored = await Promise.all([...postKeys].map((key) => this.store.post(key)));
    for (const item of stored) if (item) found.set(postKey(item.post), subjectOf(item.post));
    if (old.some((entry) => "author" in entry.action)) {
      const { blockedProfiles } = await this.store.moderationState();
      for (const [author, profile] of Object.entries(blockedProfiles)) found.set(author, profile);
    }
    return found;
  }

  /** One stored post and its flags, or undefined. */
  post(network: string, id: string): Promise<ModeratedPost | undefined> {
    return this.store.post(`${networkOf(network)}:${idOf(id, "post id")}`);
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
