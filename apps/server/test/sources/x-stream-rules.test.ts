import http from "node:http";
import { builtInCampaign, type Campaign } from "@pulse/shared";
import { afterEach, describe, expect, it } from "vitest";
import { HttpStatusError, NetworkError } from "../../src/sources/http-error.js";
import { SourceStatusTracker } from "../../src/sources/source-status.js";
import { XStreamRules, campaignRules, planRuleSync, ruleTagPrefix, type XRule } from "../../src/sources/x-stream-rules.js";
import { closeServer, listenLocally } from "../support/local-server.js";

const HEADERS = { Authorization: "Bearer rules-token", "User-Agent": "Pulse" };
const CAMPAIGN: Campaign = { ...builtInCampaign, id: "jobs", hashtags: [{ tag: "VotreJob", country: "FR" }, { tag: "DeinJob", country: "DE" }] };

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
    campaign: CAMPAIGN,
    requestTimeoutMs,
    tracker,
    logger: { info: () => {}, warn: (_obj, msg) => warnings.push(msg ?? "") },
  });
  return { api, tracker, warnings, sync };
}

describe("planRuleSync", () => {
  it("plans rule changes without touching other rules", () => {
    const wanted = campaignRules({ id: "c", hashtags: [{ tag: "VotreJob", country: "FR" }, { tag: "#votrejob", country: "FR" }, { tag: "DeinJob", country: "DE" }] });
    expect(wanted).toEqual([
      { value: "#votrejob", tag: "pulse:c:votrejob" },
      { value: "#deinjob", tag: "pulse:c:deinjob" },
    ]);
    const plan = planRuleSync(
      [
        { id: "1", value: "#votrejob", tag: "pulse:c:votrejob" },
        { id: "2", value: "#votrejob", tag: "pulse:c:votrejob" }, // a duplicate of ours: one is enough
        { id: "3", value: "#deinjob", tag: "partner" }, // someone else already brings #deinjob
        { id: "4", value: "#old", tag: "pulse:c:old" },
        { id: "5", value: "#old", tag: "pulse:other:old" },
      ],
      wanted,
      "pulse:c:",
    );
    expect(plan).toEqual({ delete: ["2", "4"], add: [] });
    expect(planRuleSync([], wanted, "pulse:c:")).toEqual({ delete: [], add: wanted });
  });
});

describe("XStreamRules against a local rules endpoint", () => {
  it("deletes this campaign's stale rules before adding the missing ones, with the source's headers", async () => {
    const { api, tracker, sync } = await start([
      { id: "1", value: "#votrejob", tag: `${ruleTagPrefix(CAMPAIGN)}votrejob` },
      { id: "2", value: "#old", tag: `${ruleTagPrefix(CAMPAIGN)}old` },
      { id: "3", value: "cats", tag: "someone else's" },
    ]);
    const plan = await sync.sync(new AbortController());
    expect(plan).toEqual({ delete: ["2"], add: [{ value: "#deinjob", tag: "pulse:jobs:deinjob" }] });
    expect(api.requests.map((r) => [r.method, r.body])).toEqual([
      ["GET", undefined],
      ["POST", { delete: { ids: ["2"] } }],
      ["POST", { add: [{ value: "#deinjob", tag: "pulse:jobs:deinjob" }] }],
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
    await sync.sync(new AbortController());
    const message = "x: rule add refused for #deinjob: RuleLengthExceeded: Rule is too long for your access level";
    expect(tracker.snapshot()).toMatchObject({ errors: 1, lastError: message });
    expect(warnings).toEqual([message]);
  });

  it("rejects with an HttpStatusError saying what X answered", async () => {
    const { api, sync } = await start([]);
    api.postAnswer = () => ({ status: 403, body: { title: "Forbidden", detail: "Your app may not use the filtered stream." } });
    const failure = sync.sync(new AbortController());
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
    await expect(sync.sync(controller)).rejects.toThrow();
    expect(controller.signal.reason).toBeInstanceOf(NetworkError);
    expect((controller.signal.reason as Error).message).toBe("x: GET /2/tweets/search/stream/rules got no answer within 30 ms");
  });
});
