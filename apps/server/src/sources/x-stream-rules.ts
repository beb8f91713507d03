/**
 * The X filtered stream's rules (`/2/tweets/search/stream/rules`), kept in step with the campaign hashtags:
 * one rule per hashtag, tagged as this campaign's, and nobody else's rule touched.
 */
import { normalizeTag, type Campaign } from "@pulse/shared";
import { z } from "zod";
import { HttpStatusError, NetworkError, httpStatusError } from "./http-error.js";
import type { SourceStatusTracker } from "./source-status.js";
import type { SourceLogger } from "./source.js";

/** A filtered-stream rule as X lists it. */
export interface XRule {
  id: string;
  value: string;
  tag?: string;
}

/** A rule to add. */
export interface XRuleInput {
  value: string;
  tag: string;
}

/** What to change so the stream's rules match the campaign. */
export interface XRulePlan {
  /** Ids of this campaign's rules that no longer match a campaign hashtag. */
  delete: string[];
  add: XRuleInput[];
}

/** The tag prefix that marks this campaign's rules; rules without it belong to someone else and stay. */
export function ruleTagPrefix(campaign: Pick<Campaign, "id">): string {
  return `pulse:${campaign.id}:`;
}

/**
 * One rule per campaign hashtag: `#tag`, tagged `pulse:<campaign>:<tag>`. One rule each stays far below every
 * access level's rule length (512 characters at the lowest), and a hashtag change touches only its own rule.
 */
export function campaignRules(campaign: Pick<Campaign, "id" | "hashtags">): XRuleInput[] {
  const tags = [...new Set(campaign.hashtags.map((h) => normalizeTag(h.tag)).filter((t) => t.length > 0))];
  return tags.map((tag) => ({ value: `#${tag}`, tag: `${ruleTagPrefix(campaign)}${tag}` }));
}

/**
 * Compares the stream's rules with the campaign's: deletes this campaign's rules that are not wanted any more,
 * adds the missing ones, leaves every other rule alone. A wanted value some other rule already holds is not
 * added again, since X refuses duplicate values and that rule already brings the posts.
 */
export function planRuleSync(existing: readonly XRule[], wanted: readonly XRuleInput[], prefix: string): XRulePlan {
  const plan: XRulePlan = { delete: [], add: [] };
  const kept = new Set<string>();
  for (const rule of existing) {
    if (!rule.tag?.startsWith(prefix)) continue;
    const match = wanted.find((w) => w.tag === rule.tag && w.value === rule.value);
    if (match && !kept.has(match.tag)) kept.add(match.tag);
    else plan.delete.push(rule.id);
  }
  const deleted = new Set(plan.delete);
  const values = new Set(existing.filter((r) => !deleted.has(r.id)).map((r) => r.value));
  for (const rule of wanted) if (!kept.has(rule.tag) && !values.has(rule.value)) plan.add.push(rule);
  return plan;
}

const RULES_PATH = "/2/tweets/search/stream/rules";
const RulesListSchema = z.object({
  data: z.array(z.object({ id: z.string(), value: z.string(), tag: z.string().optional() })).optional(),
});
const RulesChangeSchema = z.object({
  errors: z.array(z.object({ title: z.string().optional(), value: z.string().optional(), detail: z.string().optional() })).optional(),
});

/** Options of `XStreamRules`. */
export interface XStreamRulesOptions {
  /** The API's base URL, without a trailing slash. */
  apiUrl: string;
  /** Authorization and the other headers every X request carries. */
  headers: Record<string, string>;
  campaign: Campaign;
  /** Deadline of one rules request. */
  requestTimeoutMs: number;
  /** The X source's status: a rule X refused is recorded there as an error. */
  tracker: SourceStatusTracker;
  logger?: Pick<SourceLogger, "info" | "warn">;
}

/** Brings the stream's rules in step with the campaign, through the rules endpoint. */
export class XStreamRules {
  constructor(private readonly options: XStreamRulesOptions) {}

  /**
   * Lists the rules, then deletes and adds what `planRuleSync` says. Rejects with `HttpStatusError` or
   * `NetworkError` (a request past its deadline aborts `controller` with one) so the caller can back off.
   */
  async sync(controller: AbortController): Promise<XRulePlan> {
    const { campaign } = this.options;
    const wanted = campaignRules(campaign);
    const listed = RulesListSchema.safeParse(await this.request(controller, "GET"));
    if (!listed.success) throw new HttpStatusError(200, `x: GET ${RULES_PATH}: expected { data: [{ id, value, tag }] }`);
    const plan = planRuleSync(listed.data.data ?? [], wanted, ruleTagPrefix(campaign));
    // Delete first: it frees room under the access level's rule count before adding.
    if (plan.delete.length > 0) this.noteRuleErrors(await this.request(controller, "POST", { delete: { ids: plan.delete } }), "delete");
    if (plan.add.length > 0) this.noteRuleErrors(await this.request(controller, "POST", { add: plan.add }), "add");
    this.options.logger?.info(
      { kept: wanted.length - plan.add.length, added: plan.add.map((r) => r.value), deleted: plan.delete },
      "x: stream rules in step with the campaign hashtags",
    );
    return plan;
  }

  /** X answers 200 with per-rule `errors`; a duplicate value is harmless, anything else is worth showing. */
  private noteRuleErrors(answer: unknown, action: string): void {
    const parsed = RulesChangeSchema.safeParse(answer);
    for (const error of (parsed.success ? parsed.data.errors : undefined) ?? []) {
      if (error.title === "DuplicateRule") continue;
      const message = `x: rule ${action} refused${error.value ? ` for ${error.value}` : ""}: ${error.title ?? "error"}${error.detail ? `: ${error.detail}` : ""}`;
      this.options.tracker.error(message);
      this.options.logger?.warn({ error }, message);
    }
  }

  private async request(controller: AbortController, method: "GET" | "POST", body?: unknown): Promise<unknown> {
    const { apiUrl, headers, requestTimeoutMs } = this.options;
    const deadline = setTimeout(
      () => controller.abort(new NetworkError(`x: ${method} ${RULES_PATH} got no answer within ${requestTimeoutMs} ms`)),
      requestTimeoutMs,
    );
    deadline.unref();
    try {
      const init: RequestInit = { method, headers, signal: controller.signal };
      if (body !== undefined) {
        init.body = JSON.stringify(body);
        init.headers = { ...headers, "Content-Type": "application/json" };
      }
      const response = await fetch(`${apiUrl}${RULES_PATH}`, init);
      const text = await response.text();
      if (!response.ok) throw await httpStatusError(response, `x: ${method} ${RULES_PATH}`, text);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new HttpStatusError(response.status, `x: ${method} ${RULES_PATH} answered ${response.status} with a body that is not JSON`);
      }
    } finally {
      clearTimeout(deadline);
    }
  }
}
