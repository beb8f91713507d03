/** Helpers shared by the staff API tests. */
import request from "supertest";
import { expect } from "vitest";
import type { Post } from "@pulse/shared";
import { waitFor, type RunningPulse } from "../support/start-pulse.js";

export const STAFF_TOKEN = "staff-test-token-0123456789";
export const INGEST_TOKEN = "staff-test-ingest-token";

/** The environment of a node with staff and ingest on. */
export const STAFF_ENV = { STAFF_TOKEN, INGEST_TOKEN };

/** Ingests posts over HTTP and checks they were taken. */
export async function ingest(node: RunningPulse, posts: Post[]): Promise<{ accepted: number; duplicates: number }> {
  const res = await request(node.url).post("/api/ingest").set("Authorization", `Bearer ${INGEST_TOKEN}`).send(posts);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body as { accepted: number; duplicates: number };
}

/** Ingests posts into an empty node over HTTP, then waits until its relay counts them all (clients have them). */
export async function ingestOnRelay(node: RunningPulse, posts: Post[]): Promise<void> {
  await ingest(node, posts);
  await waitFor(() => node.pulse.relay.snapshot().totals.posts === posts.length, 5_000, "the posts on the relay");
}

/** A staff request with the bearer token. */
export function asStaff(node: RunningPulse) {
  const auth = (req: request.Test) => req.set("Authorization", `Bearer ${STAFF_TOKEN}`);
  return {
    get: (path: string) => auth(request(node.url).get(path)),
    post: (path: string) => auth(request(node.url).post(path)),
    put: (path: string) => auth(request(node.url).put(path)),
  };
}

/** The path of a post action, the id URL-encoded as the contract asks. */
export function postAction(network: string, id: string, action: string): string {
  return `/api/moderation/posts/${network}/${encodeURIComponent(id)}/${action}`;
}

/** The path of an author action, the id URL-encoded. */
export function authorAction(network: string, authorId: string, action: string): string {
  return `/api/moderation/authors/${network}/${encodeURIComponent(authorId)}/${action}`;
}

/** The `network:id` keys of a list of posts. */
export function keys(posts: readonly Pick<Post, "network" | "id">[] | undefined): string[] {
  return (posts ?? []).map((p) => `${p.network}:${p.id}`);
}
