/**
 * The exactness check every fault scenario ends with: the numbers a node or client shows must equal a recount
 * of the posts the driver got accepted, each counted once.
 */
import { isDeepStrictEqual } from "node:util";
import { pollSettled } from "@pulse/testkit/wait";
import { UNKNOWN_COUNTRY, type Snapshot } from "@pulse/shared";
import { snapshotOf } from "../../support/snapshot.js";
import type { DriverPost } from "./ingest-driver.js";

/** The counted part of a snapshot, as a recount gives it. */
export interface Counts {
  posts: number;
  originals: number;
  byCountry: Record<string, number>;
  timeline: { t: number; posts: number }[];
}

/** Recounts distinct posts by `network:id`, as the counting rules do. */
export function recount(posts: DriverPost[]): Counts {
  const seen = new Map<string, DriverPost>();
  for (const post of posts) seen.set(`${post.network}:${post.id}`, post);
  const byCountry: Record<string, number> = {};
  const minutes = new Map<number, number>();
  for (const post of seen.values()) {
    const country = post.country ?? UNKNOWN_COUNTRY;
    byCountry[country] = (byCountry[country] ?? 0) + 1;
    const t = Math.floor(Date.parse(post.createdAt) / 60_000) * 60_000;
    minutes.set(t, (minutes.get(t) ?? 0) + 1);
  }
  const timeline = [...minutes].map(([t, n]) => ({ t, posts: n })).sort((a, b) => a.t - b.t);
  return { posts: seen.size, originals: seen.size, byCountry, timeline };
}

/** The counted part of a snapshot, zero entries dropped (a store may keep a key at 0). */
export function countsOf(snapshot: Snapshot): Counts {
  return {
    posts: snapshot.totals.posts,
    originals: snapshot.totals.originals,
    byCountry: Object.fromEntries(Object.entries(snapshot.byCountry).filter(([, n]) => n !== 0)),
    timeline: snapshot.timeline.filter((p) => p.posts !== 0),
  };
}

/** Something that shows numbers: a node (read over HTTP) or a live client (its state). */
export interface Viewer {
  label: string;
  read(): Promise<Snapshot | undefined> | Snapshot | undefined;
}

/** A node as a viewer. */
export function nodeViewer(label: string, url: string): Viewer {
  return { label, read: () => snapshotOf(url) };
}

/**
 * Waits (bounded) until every viewer shows exactly `expected`, and returns what each showed at the end, so the
 * caller asserts on it: `expect(shown).toEqual(Object.fromEntries(labels.map(l => [l, expected])))`.
 */
export async function waitForCounts(viewers: Viewer[], expected: Counts, timeoutMs = 10_000): Promise<Record<string, Counts | string>> {
  const { value } = await pollSettled(() => countsShown(viewers), (shown) => Object.values(shown).every((c) => isDeepStrictEqual(c, expected)), timeoutMs);
  return value;
}

/** What each viewer shows now, or why it shows nothing. */
async function countsShown(viewers: Viewer[]): Promise<Record<string, Counts | string>> {
  const shown: Record<string, Counts | string> = {};
  for (const viewer of viewers) {
    try {
      const snapshot = await viewer.read();
      shown[viewer.label] = snapshot ? countsOf(snapshot) : "no snapshot yet";
    } catch (err) {
      shown[viewer.label] = `unreadable: ${(err as Error).message}`;
    }
  }
  return shown;
}

/** The map `waitForCounts` must return when every viewer is exact. */
export function allExact(viewers: Viewer[], expected: Counts): Record<string, Counts> {
  return Object.fromEntries(viewers.map((v) => [v.label, expected]));
}

/** `GET /healthz`'s status, or the error that stopped it from answering. */
export async function healthOf(url: string): Promise<string> {
  try {
    const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
    return ((await res.json()) as { status: string }).status;
  } catch (err) {
    return `unreachable: ${(err as Error).message}`;
  }
}

/** A metric's value from a node's `GET /metrics` (the first sample of that name, without labels). */
export async function metricOf(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(5000) })).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`${url}/metrics has no ${name}`);
  return Number(line.slice(name.length + 1));
}
