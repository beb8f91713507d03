/**
 * Ingest tokens per client (issue 18), over real HTTP: two nodes on one Redis share the tokens, a token scoped to
 * one campaign is refused on another (403), a revoked one is refused on every node within a tick (401), the secret
 * is answered once and stored as a digest, and each token's last use reaches `/healthz` and the Sources view.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createClient } from "redis";
import request from "supertest";
import { afterAll, describe, expect, inject, it } from "vitest";
import { endpointPath, type CreatedIngestToken, type Health, type IngestToken } from "@pulse/shared";
import { makePost, startPulse, useTwoNodesOnRedis, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { SALON_ID, salonCampaign } from "../support/salon-campaign.js";
import { asStaff, INGEST_TOKEN, STAFF_ENV, STAFF_TOKEN } from "../staff/staff-support.js";
import { INGEST_TOKENS_FILE } from "../../src/tokens/memory-ingest-token-registry.js";
import { LAST_USE_FLUSH_MS, tokenDigest } from "../../src/tokens/ingest-token-service.js";

/** Long enough that "within a tick" is measurable, short enough for a quick test. */
const TICK_MS = 200;

/** Ingests one fresh post with `secret` into `campaign` (the default without it). */
function ingestWith(node: RunningPulse, secret: string, campaign?: string): request.Test {
  const query = campaign === undefined ? "" : `?campaign=${encodeURIComponent(campaign)}`;
  return request(node.url).post(`/api/ingest${query}`).set("Authorization", `Bearer ${secret}`).send([makePost()]);
}

describe("ingest tokens on two nodes sharing one Redis", () => {
  const redisUrl = inject("redisUrl");
  let a: RunningPulse;
  let b: RunningPulse;
  useTwoNodesOnRedis(redisUrl, { ...STAFF_ENV, TICK_MS: String(TICK_MS) }, (nodeA, nodeB) => ([a, b] = [nodeA, nodeB]));

  it("scopes a token, shows it once, stores its digest, records its last use, and refuses it on every node within a tick of its revoke", async () => {
    const defaultId = a.pulse.campaign.id;
    expect((await asStaff(a).post(endpointPath("createCampaign")).send(salonCampaign())).status).toBe(201);
    await waitFor(() => b.pulse.hub.get(SALON_ID) !== undefined, 5_000, "the Salon campaign on node B");

    // Created on A, scoped to the default campaign: the secret is in this answer only.
    const created = await asStaff(a).post(endpointPath("createIngestToken")).send({ name: "  Agence Lumen  ", campaigns: [defaultId] });
    expect(created.status, created.text).toBe(201);
    const token = created.body as CreatedIngestToken;
    expect(token).toMatchObject({ name: "Agence Lumen", campaigns: [defaultId], createdBy: "staff:bearer", lastUsedAt: null });
    expect(token.secret).toMatch(/^pulse_[A-Za-z0-9_-]{43}$/);
    expect(Object.keys(token).sort()).toEqual(["campaigns", "createdAt", "createdBy", "id", "lastUsedAt", "name", "secret"]);
    const listed = await asStaff(b).get(endpointPath("ingestTokens"));
    expect(listed.body).toEqual([{ ...token, secret: undefined }].map(({ secret: _, ...rest }) => rest));
    expect(listed.text).not.toContain(token.secret);

    // Redis holds its digest, never the secret.
    const client = createClient({ url: redisUrl });
    await client.connect();
    try {
      const prefix = a.pulse.config.REDIS_KEY_PREFIX;
      const stored = await client.hGetAll(`${prefix}{_ingest_tokens}:records`);
      expect(JSON.parse(stored[token.id] ?? "null")).toMatchObject({ id: token.id, digest: tokenDigest(token.secret) });
      for (const key of await client.keys(`${prefix}{_ingest_tokens}:*`)) {
        expect(JSON.stringify(await client.hGetAll(key)), key).not.toContain(token.secret);
      }
    } finally {
      await client.close();
    }

    // Used on A only: B learns its last use from A's flush (every few seconds), not at each request.
    const usedAt = Date.now();
    expect((await ingestWith(a, token.secret)).status).toBe(202);
    await waitFor(
      async () => {
        const health = (await request(b.url).get("/healthz")).body as Health;
        return health.ingestTokens?.find((t) => t.id === token.id)?.lastUsedAt != null;
      },
      LAST_USE_FLUSH_MS + 3_000,
      "the token's last use (on A) in B's /healthz",
    );
    const health = (await request(b.url).get("/healthz")).body as Health;
    expect(health.ingestTokens?.map((t) => t.id)).toEqual(["INGEST_TOKEN", token.id]);
    expect(JSON.stringify(health)).not.toContain(token.secret);
    expect(JSON.stringify(health)).not.toContain(tokenDigest(token.secret));
    const use = health.ingestTokens?.find((t) => t.id === token.id);
    expect(use).toEqual({ id: token.id, name: "Agence Lumen", lastUsedAt: expect.any(String) });
    expect(Date.parse(use?.lastUsedAt ?? "")).toBeGreaterThanOrEqual(usedAt - 5);
    const sources = (await asStaff(b).get(endpointPath("ingestTokens"))).body as IngestToken[];
    expect(sources[0]?.lastUsedAt).toBe(use?.lastUsedAt);

    // It works on both nodes, in its campaign, and is refused (403, naming it) in another.
    expect((await ingestWith(b, token.secret, defaultId)).status).toBe(202);
    const outside = await ingestWith(b, token.secret, SALON_ID);
    expect(outside.status).toBe(403);
    expect(outside.body.error).toBe(`ingest token Agence Lumen (${token.id}) is not scoped to campaign ${SALON_ID}: ask an admin to add it to the token's campaigns`);
    // INGEST_TOKEN stays a token of every campaign.
    expect((await ingestWith(b, INGEST_TOKEN, SALON_ID)).status).toBe(202);

    // Revoked on A: refused on B at its next request, well within a tick.
    const revokedAt = Date.now();
    const revoked = await asStaff(a).post(endpointPath("revokeIngestToken", { params: { id: token.id } }));
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toMatchObject({ id: token.id, name: "Agence Lumen" });
    const onB = await ingestWith(b, token.secret);
    expect(Date.now() - revokedAt).toBeLessThanOrEqual(TICK_MS);
    expect(onB.status).toBe(401);
    expect(onB.headers["www-authenticate"]).toMatch(/^Bearer/);
    expect(onB.body).toEqual({ error: "wrong bearer token" });
    expect((await ingestWith(a, token.secret)).status).toBe(401);
    expect((await asStaff(b).get(endpointPath("ingestTokens"))).body).toEqual([]);
    expect((await asStaff(b).post(endpointPath("revokeIngestToken", { params: { id: token.id } }))).status).toBe(404);
  });

  it("refuses bad bodies with a 400 naming the field, and unknown campaigns naming them", async () => {
    const create = (body: unknown) => asStaff(a).post(endpointPath("createIngestToken")).send(body as object);
    const unknown = await create({ name: "Partner", campaigns: ["nope-1", a.pulse.campaign.id, "nope-2"] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatch(/campaigns: no campaign has id nope-1, nope-2/);
    const noName = await create({ name: "   ", campaigns: "all" });
    expect(noName.status).toBe(400);
    expect(noName.body.error).toMatch(/name/);
    const long = await create({ name: "x".repeat(81), campaigns: "all" });
    expect(long.status).toBe(400);
    expect(long.body.error).toMatch(/name.*at most 80/);
    const noScope = await create({ name: "Partner", campaigns: [] });
    expect(noScope.status).toBe(400);
    expect(noScope.body.error).toMatch(/campaigns/);
    const wrongType = await create({ name: "Partner", campaigns: 3 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatch(/campaigns/);
    expect((await asStaff(a).get(endpointPath("ingestTokens"))).body).toEqual([]);
    // A secret of the wrong shape, or none: 401 as before.
    expect((await ingestWith(a, "pulse_not-a-token")).status).toBe(401);
    expect((await request(a.url).post("/api/ingest").send([makePost()])).status).toBe(401);
  });
});

describe("ingest tokens on one node with DATA_DIR", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pulse-ingest-tokens-e2e-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("turns ingest on without INGEST_TOKEN, keeps digests in the file, and flushes the last use at shutdown", async () => {
    const node = await startPulse({ STAFF_TOKEN, DATA_DIR: dir });
    let secret = "";
    let id = "";
    try {
      // No token at all: ingest is off, as before tokens existed.
      const off = await ingestWith(node, "pulse_anything");
      expect(off.status).toBe(403);
      expect(off.body.error).toBe("ingest disabled: set INGEST_TOKEN");
      const created = await asStaff(node).post(endpointPath("createIngestToken")).send({ name: "Solo", campaigns: "all" });
      expect(created.status, created.text).toBe(201);
      ({ secret, id } = created.body as CreatedIngestToken);
      expect((await ingestWith(node, secret)).status).toBe(202);
      expect((await ingestWith(node, `${secret}x`)).status).toBe(401);
    } finally {
      await node.close();
    }
    const text = readFileSync(path.join(dir, INGEST_TOKENS_FILE), "utf8");
    expect(text).not.toContain(secret);
    expect(text).toContain(tokenDigest(secret));
    // The use was pending (the flush is every few seconds): closing the node wrote it.
    expect(JSON.parse(text).lastUses[id]).toEqual(expect.any(String));
  });
});
