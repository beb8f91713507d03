import { randomUUID } from "node:crypto";
import { mkdir, open, readdir, readFile, rename, truncate, unlink } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
  ModerationLogEntrySchema,
  ModerationModeSchema,
  ModerationSubjectSchema,
  postKey,
  PostKindSchema,
  PostSchema,
  TotalsSchema,
  MODERATION_LOG_LIMIT,
  type AggregateState,
  type ModerationBook,
  type ModerationLogEntry,
  type Post,
  type PostRecord,
  addInsight,
  createInsightBook,
  insightAuthor,
  postInsight,
  readStoredInsight,
  storedInsight,
  takeInsightChanges,
  type InsightBook,
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
  insight: z.string().optional(),
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

const ModerationFileSchema = z.object({
  mode: ModerationModeSchema,
  hidden: z.array(z.string()),
  blocked: z.array(z.string()),
  pending: z.array(z.string()),
  pinned: z.array(z.string()),
  /** Who blocked authors are (`ModerationBook.profiles`); absent in files from before it was kept. */
  profiles: z.array(z.tuple([z.string(), ModerationSubjectSchema])).optional(),
});

/**
 * The head, format 3 (versioned, so a later format can refuse an older file clearly). Counters, keys on screen,
 * moderation sets and staff settings, plus where the journal ends: the records, posts, authors and the audit log
 * live in the journal, a file beside it that saves append to.
 */
const StateFileSchema = z.object({
  format: z.literal(3),
  campaign: z.string(),
  rev: z.number().int().nonnegative(),
  savedAt: z.string(),
  totals: TotalsSchema,
  byCountry: z.array(z.tuple([z.string(), z.number()])),
  byOrganization: z.array(z.tuple([z.string(), z.number()])),
  /**
   * The insight counts kept at 0 once there, which the records cannot give back (a deleted post's record keeps no
   * insight); the rest of the insights is counted again from the records. Absent in a file saved before insights.
   */
  insightCounts: z
    .object({
      languages: z.array(z.tuple([z.string(), z.number()])),
      mentionsByOrganization: z.array(z.tuple([z.string(), z.number()])),
      offersByOrganization: z.array(z.tuple([z.string(), z.number()])),
    })
    .optional(),
  timeline: z.array(z.tuple([z.number(), z.number()])),
  lastArrival: z.number().int().nonnegative(),
  recent: z.array(z.string()),
  moderation: ModerationFileSchema,
  staff: StaffSettingsSchema.optional(),
  journal: z.object({
    /** The journal's file name, in the head's folder. */
    file: z.string().regex(/^[^/\\]+$/),
    /** Its length that this head vouches for: bytes past it were appended by a save that did not finish. */
    bytes: z.number().int().nonnegative(),
  }),
});

/**
 * The formats before the head and journal (one JSON file rewritten whole), which no install still holds: a file
 * of one of them is refused by name rather than read.
 */
const RETIRED_FORMATS = new Set([1, 2]);

/**
 * One journal line. A key's latest line wins: its record, and its post, or none once the post is deleted (a
 * tombstone). An `authors` line lists authors seen, for records older than `PostRecord.author`. A `log` line is
 * one audit log entry; the last `MODERATION_LOG_LIMIT` are kept.
 */
const JournalLineSchema = z.union([
  z.object({ key: z.string(), record: RecordSchema, post: PostSchema.optional() }),
  z.object({ authors: z.array(z.string()) }),
  z.object({ log: ModerationLogEntrySchema }),
]);
type JournalLine = z.input<typeof JournalLineSchema>;

/** A state and the store revision it had. */
export interface SavedState {
  rev: number;
  state: AggregateState;
  /** Hires and blocklist; absent in files written before they existed. */
  staff?: StaffSettings;
}

/** How many journal lines are encoded between two turns of the event loop while a journal is written. */
const LINES_PER_CHUNK = 2_000;
/** A journal is rewritten when it holds more lines than this many per key (edits and deletes add lines)... */
const COMPACT_LINES_PER_KEY = 2;
/** ...and more than `compactMinLines` lines in all (default), so a small day is never rewritten for a few edits. */
const COMPACT_MIN_LINES = 10_000;

/** Options of a state file. */
export interface StateFileOptions {
  /** The fewest journal lines that may be rewritten; default 10,000. */
  compactMinLines?: number;
}

/** The journal a head on disk vouches for. */
interface JournalMark {
  file: string;
  bytes: number;
}

/** The journal in use, and its lines (counted on read, kept up by saves) to know when to rewrite it. */
interface Journal extends JournalMark {
  lines: number;
}

/**
 * The embedded store's state on disk: a small head file, rewritten atomically at every save, and an append-only
 * journal beside it that holds one line per stored key and one per audit log entry. A save appends the keys
 * changed since the last one (the store says which) and the new entries, so its cost follows the change, not the day: a 50k-post day is about 28 MB of journal, but
 * a save every 5 s writes a few KB. When edits and deletes have made the journal much longer than the state, a
 * save writes a fresh journal under a new name and the head moves to it.
 *
 * Crash safety: the journal is appended and synced before the head that counts its bytes is renamed into place,
 * so a crash leaves the last head and a journal at least as long as it says; what lies past that is ignored and
 * cut at the next start. Only format 3 is read: a file of the earlier formats (one JSON file) is refused by name.
 */
export class StateFile {
  readonly #file: string;
  readonly #compactMinLines: number;
  /** The journal the head on disk vouches for; undefined until one is written or read. */
  #journal: Journal | undefined;
  /** The newest audit log entry in the journal: entries after it in the log are new (entries are never changed). */
  #lastLogged: ModerationLogEntry | undefined;

  constructor(file: string, options: StateFileOptions = {}) {
    this.#file = file;
    this.#compactMinLines = options.compactMinLines ?? COMPACT_MIN_LINES;
  }

  /**
   * Reads the state. Resolves to undefined when there is none; rejects with a message that names the file when
   * it cannot be used (another campaign, a damaged file, a missing journal). Removes journals no head names.
   */
  async read(campaign: string): Promise<SavedState | undefined> {
    const json = await readJsonFile(this.#file, (reason) => `state file ${this.#file} is not JSON (${reason}); move it away to start afresh`);
    if (json === undefined) return undefined;
    const format = (json as { format?: unknown } | null)?.format;
    if (typeof format === "number" && RETIRED_FORMATS.has(format)) {
      throw new Error(
        `state file ${this.#file} is in format ${format}, which this version of Pulse no longer reads (it reads format 3); move it away to start afresh`,
      );
    }
    const parsed = StateFileSchema.safeParse(json);
    if (!parsed.success) throw new Error(`state file ${this.#file} is not a Pulse state file: ${parsed.error.issues[0]?.message}`);
    const data = parsed.data;
    if (data.campaign !== campaign) throw new Error(`state file ${this.#file} holds campaign ${data.campaign}, not ${campaign}`);
    const { log, ...keyed } = await this.#readJournal(data.journal);
    await this.#removeStrayJournals();
    const { posts } = keyed;
    return {
      rev: data.rev,
      ...(data.staff ? { staff: data.staff } : {}),
      state: {
        campaign: data.campaign,
        totals: data.totals,
        byCountry: new Map(data.byCountry),
        byOrganization: new Map(data.byOrganization),
        timeline: new Map(data.timeline),
        ...keyed,
        recent: data.recent.flatMap((key) => posts.get(key) ?? []),
        lastArrival: data.lastArrival,
        moderation: moderationBookOf(data.moderation, log),
        insights: insightBookOf(keyed.records, posts, data.insightCounts),
      },
    };
  }

  /**
   * Saves the state: appends the lines of the `touched` keys to the journal, or writes a fresh journal of every
   * key when there is none yet or it has grown much longer than the state, then replaces the head.
   *
   * Everything is captured synchronously, before the first await, so the files hold one consistent state however
   * the store changes meanwhile: a record is copied (the aggregate core changes records in place), a post is kept
   * by reference (replaced on edit, never changed in place) and encoded in chunks between turns of the event loop.
   * When it rejects, the files on disk still hold the previous save, and the caller must pass the same keys again.
   */
  async write({ rev, state, staff }: SavedState, touched: Iterable<string>): Promise<void> {
    const previous = this.#journal;
    const fresh = previous === undefined || previous.lines > Math.max(this.#compactMinLines, COMPACT_LINES_PER_KEY * state.records.size);
    const lines: JournalLine[] = fresh ? [{ authors: [...state.authors] }] : [];
    for (const key of fresh ? state.records.keys() : touched) {
      const record = state.records.get(key);
      if (!record) continue;
      const post = state.posts.get(key);
      lines.push(post ? { key, record: { ...record }, post } : { key, record: { ...record } });
    }
    const log = state.moderation.log;
    // Not found (or a fresh journal): every entry the log still holds.
    const logFrom = fresh || this.#lastLogged === undefined ? 0 : log.lastIndexOf(this.#lastLogged) + 1;
    for (const entry of log.slice(logFrom)) lines.push({ log: entry });
    const lastLogged = log.at(-1);
    // Encoded now, so it is the state as it was at the call, whatever changes while the journal is written.
    const head = JSON.stringify(this.#head(rev, state, staff));

    const dir = path.dirname(this.#file);
    await mkdir(dir, { recursive: true });
    let journal: Journal;
    if (fresh) {
      const file = `${path.basename(this.#file, ".json")}.${randomUUID().slice(0, 8)}.journal.ndjson`;
      try {
        const bytes = await writeLines(path.join(dir, file), "w", lines);
        journal = { file, bytes, lines: lines.length };
        await this.#writeHead(head, { file, bytes });
      } catch (err) {
        // No head names it: the next save writes another.
        await unlink(path.join(dir, file)).catch(() => undefined);
        throw err;
      }
    } else {
      const file = path.join(dir, previous.file);
      // Cuts what a save that failed after its append left past the head's mark.
      await truncate(file, previous.bytes);
      const bytes = await writeLines(file, "a", lines);
      journal = { file: previous.file, bytes: previous.bytes + bytes, lines: previous.lines + lines.length };
      await this.#writeHead(head, { file: journal.file, bytes: journal.bytes });
    }
    this.#journal = journal;
    this.#lastLogged = lastLogged;
    if (fresh && previous) await unlink(path.join(dir, previous.file)).catch(() => undefined);
  }

  /** Replaces the head atomically; `head` is the encoded `#head`, to which the journal's mark is added. */
  async #writeHead(head: string, journal: JournalMark): Promise<void> {
    await writeFileAtomic(this.#file, `${head.slice(0, -1)},"journal":${JSON.stringify(journal)}}`);
  }

  /** The head but its journal mark; encoded at once by the caller, so it may share the state's objects. */
  #head(rev: number, state: AggregateState, staff: StaffSettings | undefined): Omit<z.input<typeof StateFileSchema>, "journal"> {
    const m = state.moderation;
    return {
      format: 3,
      campaign: state.campaign,
      rev,
      savedAt: new Date().toISOString(),
      totals: state.totals,
      byCountry: [...state.byCountry],
      byOrganization: [...state.byOrganization],
      insightCounts: {
        languages: [...state.insights.languages],
        mentionsByOrganization: [...state.insights.mentionsByOrganization],
        offersByOrganization: [...state.insights.offersByOrganization],
      },
      timeline: [...state.timeline],
      lastArrival: state.lastArrival,
      recent: state.recent.map(postKey),
      moderation: {
        mode: m.mode,
        hidden: [...m.hidden],
        blocked: [...m.blocked],
        pending: [...m.pending],
        pinned: m.pinned,
        profiles: [...m.profiles],
      },
      ...(staff ? { staff } : {}),
    };
  }

  /** Replays the journal up to the head's mark, and cuts anything past it. */
  async #readJournal(mark: JournalMark): Promise<Pick<AggregateState, "records" | "authors" | "posts"> & { log: ModerationLogEntry[] }> {
    const file = path.join(path.dirname(this.#file), mark.file);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") throw new Error(`state file ${this.#file} names journal ${file}, which is missing`);
      throw err;
    }
    if (bytes.length < mark.bytes) {
      throw new Error(`journal ${file} holds ${bytes.length} bytes, but state file ${this.#file} counts ${mark.bytes}: it was cut`);
    }
    const records = new Map<string, PostRecord>();
    const authors = new Set<string>();
    const posts = new Map<string, Post>();
    let log: ModerationLogEntry[] = [];
    const text = bytes.subarray(0, mark.bytes).toString("utf8");
    let lineNumber = 0;
    for (const line of text.split("\n")) {
      if (line === "") continue;
      lineNumber += 1;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new Error(`journal ${file}, line ${lineNumber}: not JSON`);
      }
      const parsed = JournalLineSchema.safeParse(value);
      if (!parsed.success) throw new Error(`journal ${file}, line ${lineNumber}: not a journal line: ${parsed.error.issues[0]?.message}`);
      const entry = parsed.data;
      if ("authors" in entry) {
        for (const author of entry.authors) authors.add(author);
        continue;
      }
      if ("log" in entry) {
        log.push(entry.log);
        continue;
      }
      records.set(entry.key, entry.record);
      if (entry.record.author) authors.add(entry.record.author);
      if (entry.post) posts.set(entry.key, entry.post);
      else posts.delete(entry.key);
    }
    if (bytes.length > mark.bytes) await truncate(file, mark.bytes);
    this.#journal = { file: mark.file, bytes: mark.bytes, lines: lineNumber };
    if (log.length > MODERATION_LOG_LIMIT) log = log.slice(-MODERATION_LOG_LIMIT);
    this.#lastLogged = log.at(-1);
    // A Map keeps insertion order, and the store's posts are in arrival order: an edit's line comes later but
    // keeps the key's place, and appended keys are new arrivals. Sorting makes it hold whatever order saves used.
    return { records, authors, posts: new Map([...posts].sort(([, a], [, b]) => (a.arrival ?? 0) - (b.arrival ?? 0))), log };
  }

  /** Removes journals beside the head that it does not name: left by a save that failed before its head moved. */
  async #removeStrayJournals(): Promise<void> {
    const prefix = `${path.basename(this.#file, ".json")}.`;
    const dir = path.dirname(this.#file);
    for (const name of await readdir(dir)) {
      if (name.startsWith(prefix) && name.endsWith(".journal.ndjson") && name !== this.#journal?.file) {
        await unlink(path.join(dir, name)).catch(() => undefined);
      }
    }
  }
}

/**
 * Reads a JSON file: undefined when there is none; a file that is not JSON rejects with `notJson(reason)`'s
 * message. (JSON cannot encode undefined, so undefined means no file.)
 */
export async function readJsonFile(file: string, notJson: (reason: string) => string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(notJson((err as Error).message));
  }
}

/**
 * Replaces `file` with `text` atomically: a synced temporary file in the same folder, then a rename over the old
 * one, so a crash leaves either the old file or the new one, never half of one.
 */
export async function writeFileAtomic(file: string, text: string, mode?: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  // `mode` (0o600 for a file of secrets) applies from its creation: it is never readable by others, not even briefly.
  const handle = await open(tmp, "w", mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
}

/** Writes lines to `file` (truncated with "w", appended with "a") in chunks, syncs it, and returns the bytes written. */
async function writeLines(file: string, flags: "w" | "a", lines: readonly JournalLine[]): Promise<number> {
  const handle = await open(file, flags);
  let bytes = 0;
  try {
    for (let i = 0; i < lines.length; i += LINES_PER_CHUNK) {
      const chunk = Buffer.from(
        lines
          .slice(i, i + LINES_PER_CHUNK)
          .map((line) => `${JSON.stringify(line)}\n`)
          .join(""),
        "utf8",
      );
      await handle.write(chunk);
      bytes += chunk.length;
    }
    await handle.sync();
  } finally {
    await handle.close();
  }
  return bytes;
}

/**
 * The insight counters, counted again from the saved records (each keeps what its post added; its author is shown
 * as the stored post names them), so the files need not hold them. A record saved before insights existed is read
 * from its stored post, without its campaign.
 */
function insightBookOf(
  records: Map<string, PostRecord>,
  posts: Map<string, Post>,
  counts: z.output<typeof StateFileSchema>["insightCounts"],
): InsightBook {
  const book = createInsightBook();
  for (const [key, record] of records) {
    const post = posts.get(key);
    if (record.deleted || !post) continue;
    // Only a record saved before insights existed has its post read whole.
    record.insight ??= storedInsight(postInsight(post));
    const stored = readStoredInsight(record.insight);
    addInsight(book, { ...stored, author: { ...insightAuthor(post), key: stored.author.key } }, record.minute, 1);
  }
  takeInsightChanges(book);
  // The saved counts, zeros included, are the counts.
  if (counts) {
    book.languages = new Map(counts.languages);
    book.mentionsByOrganization = new Map(counts.mentionsByOrganization);
    book.offersByOrganization = new Map(counts.offersByOrganization);
  }
  return book;
}

function moderationBookOf(m: z.output<typeof ModerationFileSchema>, log: ModerationLogEntry[]): ModerationBook {
  return {
    mode: m.mode,
    hidden: new Set(m.hidden),
    blocked: new Set(m.blocked),
    pending: new Set(m.pending),
    pinned: m.pinned,
    profiles: new Map(m.profiles ?? []),
    log,
  };
}
