import { mkdir, open, readFile, rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
  createModerationBook,
  ModerationLogEntrySchema,
  ModerationModeSchema,
  postKey,
  PostKindSchema,
  PostSchema,
  TotalsSchema,
  type AggregateState,
  type Post,
} from "@pulse/shared";

const RecordSchema = z.object({
  country: z.string(),
  orgId: z.string().optional(),
  minute: z.number(),
  kind: PostKindSchema,
  version: z.number(),
  deleted: z.boolean(),
  author: z.string().optional(),
  paced: z.boolean().optional(),
});

/** What both formats hold. */
const CommonSchema = z.object({
  campaign: z.string(),
  rev: z.number().int().nonnegative(),
  savedAt: z.string(),
  totals: TotalsSchema,
  records: z.array(z.tuple([z.string(), RecordSchema])),
  authors: z.array(z.string()),
  byCountry: z.array(z.tuple([z.string(), z.number()])),
  byOrganization: z.array(z.tuple([z.string(), z.number()])),
  timeline: z.array(z.tuple([z.number(), z.number()])),
});

/** What staff set besides moderation: hires per organization and the keyword blocklist (absent: the default). */
export interface StaffSettings {
  hires: Record<string, number>;
  blocklist?: string[];
}

const StaffSettingsSchema = z.object({
  hires: z.record(z.string(), z.number().int().nonnegative()),
  blocklist: z.array(z.string()).optional(),
});

/** Format 1, before moderation: only the posts on screen were kept. Still read, so a box keeps its day across the upgrade. */
const StateFileV1Schema = CommonSchema.extend({ format: z.literal(1), recent: z.array(PostSchema) });

/**
 * Format 2: every stored post in arrival order (each with its `arrival`), the keys on screen, and what staff
 * decided, audit log included.
 */
const StateFileV2Schema = CommonSchema.extend({
  format: z.literal(2),
  lastArrival: z.number().int().nonnegative(),
  posts: z.array(PostSchema),
  recent: z.array(z.string()),
  moderation: z.object({
    mode: ModerationModeSchema,
    hidden: z.array(z.string()),
    blocked: z.array(z.string()),
    pending: z.array(z.string()),
    pinned: z.array(z.string()),
    log: z.array(ModerationLogEntrySchema),
  }),
  /** Optional, so a file written before staff settings existed still loads. */
  staff: StaffSettingsSchema.optional(),
});

/** The embedded store's state as written to disk. Versioned, so a later format can refuse an old file clearly. */
const StateFileSchema = z.discriminatedUnion("format", [StateFileV1Schema, StateFileV2Schema]);

/** A state and the store revision it had. */
export interface SavedState {
  rev: number;
  state: AggregateState;
  /** Hires and blocklist; absent in files written before they existed. */
  staff?: StaffSettings;
}

/** How many stored posts are encoded between two turns of the event loop while a state file is written. */
const POSTS_PER_CHUNK = 2_000;

/**
 * Writes the state atomically: a temporary file in the same folder, then a rename over the old one.
 *
 * Everything is captured synchronously, before the first await, so the file is one consistent state however
 * the store changes meanwhile. The stored posts (about 0.5 KB of JSON each, 25 MB for a 50k-post day) are the
 * bulk: they are captured as an array of references (a post object is replaced on edit, never changed in place)
 * and encoded in chunks between turns of the event loop, so a save does not stall ticks for a few hundred ms.
 */
export async function writeStateFile(file: string, { rev, state, staff }: SavedState): Promise<void> {
  const m = state.moderation;
  const posts = [...state.posts.values()];
  const body: Omit<z.input<typeof StateFileV2Schema>, "posts"> = {
    format: 2,
    campaign: state.campaign,
    rev,
    savedAt: new Date().toISOString(),
    totals: state.totals,
    records: [...state.records],
    authors: [...state.authors],
    byCountry: [...state.byCountry],
    byOrganization: [...state.byOrganization],
    timeline: [...state.timeline],
    lastArrival: state.lastArrival,
    recent: state.recent.map(postKey),
    moderation: {
      mode: m.mode,
      hidden: [...m.hidden],
      blocked: [...m.blocked],
      pending: [...m.pending],
      pinned: m.pinned,
      log: m.log,
    },
    ...(staff ? { staff: structuredClone(staff) } : {}),
  };
  const head = JSON.stringify(body);
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const handle = await open(tmp, "w");
  try {
    await handle.write(`${head.slice(0, -1)},"posts":[`);
    for (let i = 0; i < posts.length; i += POSTS_PER_CHUNK) {
      const chunk = posts.slice(i, i + POSTS_PER_CHUNK).map((post) => JSON.stringify(post));
      await handle.write((i > 0 ? "," : "") + chunk.join(","));
    }
    await handle.write("]}");
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

/**
 * Reads a state file written by `writeStateFile`. Resolves to undefined when there is none; rejects with a
 * message that names the file when it cannot be used (another campaign, a damaged file).
 */
export async function readStateFile(file: string, campaign: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const parsed = StateFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`state file ${file} is not a Pulse state file: ${parsed.error.issues[0]?.message}`);
  const data = parsed.data;
  if (data.campaign !== campaign) throw new Error(`state file ${file} holds campaign ${data.campaign}, not ${campaign}`);
  const counters = {
    campaign: data.campaign,
    totals: data.totals,
    records: new Map(data.records),
    authors: new Set(data.authors),
    byCountry: new Map(data.byCountry),
    byOrganization: new Map(data.byOrganization),
    timeline: new Map(data.timeline),
  };
  if (data.format === 1) {
    // Only the posts on screen were kept: they become the stored posts, oldest first, in the order they showed.
    const posts = [...data.recent].reverse().map((post, i): Post => ({ ...post, arrival: i + 1 }));
    return {
      rev: data.rev,
      state: {
        ...counters,
        posts: new Map(posts.map((post) => [postKey(post), post])),
        recent: [...posts].reverse(),
        lastArrival: posts.length,
        moderation: createModerationBook(),
      },
    };
  }
  const posts = new Map(data.posts.map((post) => [postKey(post), post] as [string, Post]));
  const m = data.moderation;
  return {
    rev: data.rev,
    ...(data.staff ? { staff: data.staff } : {}),
    state: {
      ...counters,
      posts,
      recent: data.recent.flatMap((key) => posts.get(key) ?? []),
      lastArrival: data.lastArrival,
      moderation: {
        mode: m.mode,
        hidden: new Set(m.hidden),
        blocked: new Set(m.blocked),
        pending: new Set(m.pending),
        pinned: m.pinned,
        log: m.log,
      },
    },
  };
}
