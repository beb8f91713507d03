import http from "node:http";
import { builtInCampaign, type Campaign } from "@pulse/shared";
import { afterEach, describe, expect, it } from "vitest";
import { HttpStatusError, NetworkError } from "../../src/sources/http-error.js";
import { SourceStatusTracker } from "../../src/sources/source-status.js";
import { campaignTerms } from "../../src/sources/subscription-terms.js";
import { XStreamRules, campaignRules, planRuleSync, wantedRules, type XRule } from "../../src/sources/x-stream-rules.js";
import { closeServer, listenLocally } from "../support/local-server.js";

const HEADERS = { Authorization: "Bearer rules-token", "User-Agent": "Pulse" };
const CAMPAIGN: Campaign = {
  ...builtInCampaign,
  id: "jobs",
  hashtags: [{ tag: "VotreJob", country: "FR" }, { tag: "DeinJob", country: "DE" }],
  organizations: [],
};
const TERMS = [campaignTerms(CAMPAIGN)];

/** The rules endpoint of a local X API: lists `rules`, records changes, answers each POST with `postAnswer`. */
class FakeRulesApi {
  readonly requests: { method: string; authorization: string | undefined; body: unknown }[] = [];
  postAnswer: (body: { add?: { value: string; tag: string }[]; delete?: { ids: string[] } }) => { status: number; body: unknown } = () => ({
    status: 200,
    body: { meta: {} },
  });
  /** Leaves requests unanswered, as a server that hangs. */
  hang = false;
  private readonly server = http.createServer((req, res) => void this.handle(req, res));

  constructor(public rules: XRule[]) {}

  async listen(): Promise<string> {
    return `http://127.0.0.1:${await listenLocally(this.server)}`;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    const body = raw ? (JSON.parse(raw) as Parameters<FakeRulesApi["postAnswer"]>[0]) : undefined;
    this.requests.push({ method: req.method ?? "", authorization: req.headers.authorization, body });
    if (this.hang) return;
    const answer = req.method === "GET" ? { status: 200, body: { data: this.rules, meta: {} } } : this.postAnswer(body ?? {});
    res.writeHead(answer.status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(answer.body));
  }
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(rules: XRule[], requestTimeoutMs = 5_000) {
  const api = new FakeRulesApi(rules);
  const apiUrl = await api.listen();
  cleanups.push(() => api.close());
  const tracker = new SourceStatusTracker("x");
  const warnings: string[] = [];
  const sync = new XStreamRules({
    apiUrl,
    headers: HEADERS,
    requestTimeoutMs,
    tracker,
    logger: { info: () => {}, warn: (_obj, msg) => warnings.push(msg ?? "") },
  });
  return { api, tracker, warnings, sync };
}

/** A campaign with these hashtags and organizations' X handles. */
function campaign(id: string, tags: string[], handles: string[] = []): Campaign {
  return {
    ...CAMPAIGN,
    id,
    hashtags: tags.map((tag) => ({ tag, country: "FR" })),
    organizations: handles.map((x, i) => ({ id: `${id}-${i}`, name: x, country: "FR", kind: "company" as const, handles: { x } })),
  };
}

describe("campaignRules", () => {
  it("puts a campaign's hashtags in one rule and its organizations' X handles in another, tagged with its id", () => {
    const terms = campaignTerms(campaign("c", ["VotreJob", "#votrejob", "DeinJob"], ["@AXA_Recrute", "not a handle!"]));
    expect(campaignRules(terms)).toEqual([
      { value: "#deinjob OR #votrejob", tag: "pulse:c" },
      // A handle X would refuse is left out, rather than make X refuse the whole rule.
      { value: "from:axa_recrute", tag: "pulse:c" },
    ]);
  });

  it("splits a long list into rules of at most the access level's length", () => {
    const terms = campaignTerms(builtInCampaign);
    const rules = campaignRules(terms, 512);
    expect(rules.length).toBeGreaterThan(2);
    for (const rule of rules) expect(rule.value.length).toBeLessThanOrEqual(512);
    const clauses = rules.flatMap((r) => r.value.split(" OR "));
    expect(clauses).toEqual([...terms.hashtags.map((t) => `#${t}`), ...(terms.handles.x ?? []).map((h) => `from:${h}`)]);
  });

  it("asks once for a rule two campaigns share, under the first campaign's tag", () => {
    const a = campaignTerms(campaign("a", ["shared"], ["org"]));
    const b = campaignTerms(campaign("b", ["shared"], ["org", "other"]));
    expect(wantedRules([a, b])).toEqual([
      { value: "#shared", tag: "pulse:a" },
      { value: "from:org", tag: "pulse:a" },
      { value: "from:org OR from:other", tag: "pulse:b" },
    ]);
  });
});

describe("planRuleSync", () => {
  it("plans rule changes without touching other rules", () => {
    const wanted = wantedRules([campaignTerms(campaign("c", ["VotreJob", "DeinJob"])), campaignTerms(campaign("d", ["Old"]))]);
    expect(wanted).toEqual([
      { value: "#deinjob OR #votrejob", tag: "pulse:c" },
      { value: "#old", tag: "pulse:d" },
    ]);
    const plan = planRuleSync(
      [
        { id: "1", value: "#deinjob OR #votrejob", tag: "pulse:c" },
        { id: "2", value: "#deinjob OR #votrejob", tag: "pulse:c" }, // a duplicate of ours: one is enough
        { id: "3", value: "#votrejob", tag: "partner" }, // someone else's rule
        { id: "4", value: "#old", tag: "pulse:c" }, // now d's: deleted, then added under d's tag
        { id: "5", value: "#gone", tag: "pulse:archived" }, // a campaign no longer received
        { id: "6", value: "#votrejob", tag: "pulse:c:votrejob" }, // the tag of an older Pulse
      ],
      wanted,
    );
    expect(plan).toEqual({ delete: ["2", "4", "5", "6"], add: [{ value: "#old", tag: "pulse:d" }] });
    expect(planRuleSync([], wanted)).toEqual({ delete: [], add: wanted });
    // A value someone else's rule holds is not asked for again: X would refuse it.
    expect(planRuleSync([{ id: "9", value: "#old", tag: "partner" }], wanted)).toEqual({ delete: [], add: wanted.slice(0, 1) });
  });
});

describe("XStreamRules against a local rules endpoint", () => {
  it("deletes Pulse's stale rules before adding the missing ones, in one call each, with the source's headers", async () => {
    const { api, tracker, sync } = await start([
      { id: "1", value: "#votrejob", tag: "pulse:jobs" },
      { id: "2", value: "#old", tag: "pulse:jobs" },
      { id: "3", value: "cats", tag: "someone else's" },
    ]);
    const plan = await sync.sync(new AbortController(), TERMS);
    expect(plan).toEqual({ delete: ["1", "2"], add: [{ value: "#deinjob OR #votrejob", tag: "pulse:jobs" }] });
    expect(api.requests.map((r) => [r.method, r.body])).toEqual([
      ["GET", undefined],
      ["POST", { delete: { ids: ["1", "2"] } }],
      ["POST", { add: [{ value: "#deinjob OR #votrejob", tag: "pulse:jobs" }] }],
    ]);
    expect(api.requests.every((r) => r.authorization === HEADERS.Authorization)).toBe(true);
    expect(tracker.snapshot().errors).toBe(0);
  });

  it("records a rule X refused, but not a duplicate value", async () => {
    const { api, tracker, warnings, sync } = await start([]);
    api.postAnswer = () => ({
      status: 200,
      body: {
        meta: {},
        errors: [
          { title: "DuplicateRule", value: "#votrejob" },
          { title: "RuleLengthExceeded", value: "#deinjob", detail: "Rule is too long for your access level" },
        ],
      },
    });
    await sync.sync(new AbortController(), TERMS);
    const message = "x: rule add refused for #deinjob: RuleLengthExceeded: Rule is too long for your access level";
    expect(tracker.snapshot()).toMatchObject({ errors: 1, lastError: message });
    expect(warnings).toEqual([message]);
  });

  it("records a delete X refused, but not one of a rule already gone (another node deleted it first)", async () => {
    const { api, tracker, warnings, sync } = await start([
      { id: "7", value: "#gone", tag: "pulse:jobs" },
      { id: "8", value: "#locked", tag: "pulse:jobs" },
    ]);
    api.postAnswer = (body) => ({
      status: 200,
      body: body.delete
        ? {
            meta: { summary: { deleted: 0, not_deleted: 2 } },
            errors: [
              { value: "7", details: ["Rule does not exist"], title: "Invalid Request" },
              { value: "8", title: "Forbidden", detail: "not yours" },
            ],
          }
        : { meta: {} },
    });
    await sync.sync(new AbortController(), TERMS);
    const message = "x: rule delete refused for 8: Forbidden: not yours";
    expect(tracker.snapshot()).toMatchObject({ errors: 1, lastError: message });
    expect(warnings).toEqual([message]);
  });

  it("rejects with an HttpStatusError saying what X answered", async () => {
    const { api, sync } = await start([]);
    api.postAnswer = () => ({ status: 403, body: { title: "Forbidden", detail: "Your app may not use the filtered stream." } });
    const failure = sync.sync(new AbortController(), TERMS);
    await expect(failure).rejects.toBeInstanceOf(HttpStatusError);
    await expect(failure).rejects.toMatchObject({
      status: 403,
      message: "x: POST /2/tweets/search/stream/rules answered HTTP 403: Forbidden: Your app may not use the filtered stream.",
    });
  });

  it("aborts a request past its deadline with a NetworkError as the reason", async () => {
    const { api, sync } = await start([], 30);
    api.hang = true;
    const controller = new AbortController();
    await expect(sync.sync(controller, TERMS)).rejects.toThrow();
    expect(controller.signal.reason).toBeInstanceOf(NetworkError);
    expect((controller.signal.reason as Error).message).toBe("x: GET /2/tweets/search/stream/rules got no answer within 30 ms");
  });
});
