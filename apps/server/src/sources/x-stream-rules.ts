/**
 * The X filtered stream's rules (`/2/tweets/search/stream/rules`), kept in step with the campaigns the node
 * receives posts for: each campaign's rules are tagged `pulse:<campaign id>`, and nobody else's rule is touched.
 */
import { z } from "zod";
import { HttpStatusError, NetworkError, httpStatusError } from "./http-error.js";
import type { SourceStatusTracker } from "./source-status.js";
import type { SourceLogger } from "./source.js";
import type { CampaignTerms } from "./subscription-terms.js";

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

/** What to change so the stream's rules match the campaigns. */
export interface XRulePlan {
  /** Ids of Pulse's rules that no campaign wants any more (as they are). */
  delete: string[];
  add: XRuleInput[];
}

/** The tag that marks Pulse's rules; rules without it belong to someone else and stay. */
export const RULE_TAG_PREFIX = "pulse:";

/**
 * The lowest access level's rule length (Essential and Elevated: 512 characters; Pro allows 1,024, Enterprise
 * 2,048); longer lists are split into several rules.
 */
export const X_RULE_MAX_LENGTH = 512;

/** The tag of a campaign's rules: `pulse:<campaign id>`, which staff can read in X's developer portal. */
export function ruleTag(campaign: string): string {
  return `${RULE_TAG_PREFIX}${campaign}`;
}

/** X usernames: letters, digits and underscores, at most 15; anything else would make X refuse the whole rule. */
const X_USERNAME = /^[a-z0-9_]{1,15}$/;

/**
 * A campaign's rules: its hashtags (`#a OR #b`), then its organizations' X handles (`from:a OR from:b`), each
 * list in as few rules as `maxLength` allows, all tagged `pulse:<campaign id>`. Hashtags and handles go in rules
 * of their own, so an edit of the hashtags leaves the handles' rules as they are (and the reverse).
 */
export function campaignRules(terms: CampaignTerms, maxLength = X_RULE_MAX_LENGTH): XRuleInput[] {
  const tag = ruleTag(terms.campaign);
  const hashtags = terms.hashtags.map((t) => `#${t}`);
  const handles = (terms.handles.x ?? []).filter((h) => X_USERNAME.test(h)).map((h) => `from:${h}`);
  return [...packClauses(hashtags, maxLength), ...packClauses(handles, maxLength)].map((value) => ({ value, tag }));
}

/**
 * Every campaign's rules, in campaign order. A value two campaigns would both ask for is kept once, under the
 * first campaign's tag, since X refuses duplicate values and the one rule brings the posts of both (the router,
 * not the rule's tag, decides which campaigns a post counts in). Every node computes the same list from the same
 * campaigns, so two nodes never fight over the rules.
 */
export function wantedRules(terms: readonly CampaignTerms[], maxLength = X_RULE_MAX_LENGTH): XRuleInput[] {
  const seen = new Set<string>();
  const rules: XRuleInput[] = [];
  for (const campaign of terms) {
    for (const rule of campaignRules(campaign, maxLength)) {
      if (seen.has(rule.value)) continue;
      seen.add(rule.value);
      rules.push(rule);
    }
  }
  return rules;
}

/** Joins clauses with ` OR ` into values of at most `maxLength` characters (one clause alone may not fit: it stays alone). */
function packClauses(clauses: readonly string[], maxLength: number): string[] {
  const values: string[] = [];
  let current = "";
  for (const clause of clauses) {
    const next = current.length === 0 ? clause : `${current} OR ${clause}`;
    if (next.length <= maxLength || current.length === 0) current = next;
    else {
      values.push(current);
      current = clause;
    }
  }
  if (current.length > 0) values.push(current);
  return values;
}

/** Whether Pulse made this rule: its tag is `pulse:…`. */
function isPulseRule(rule: XRule): boolean {
  return rule.tag?.startsWith(RULE_TAG_PREFIX) ?? false;
}

/**
 * Compares the stream's rules with the wanted ones: deletes Pulse's rules that are not wanted as they are (a
 * removed hashtag, an archived campaign, a duplicate, a value now under another campaign's tag), adds the
 * missing ones, leaves every other rule alone. A wanted value someone else's rule already holds is not added,
 * since X refuses duplicate values and that rule already brings the posts.
 */
export function planRuleSync(existing: readonly XRule[], wanted: readonly XRuleInput[]): XRulePlan {
  const plan: XRulePlan = { delete: [], add: [] };
  const kept = new Set<string>();
  for (const rule of existing) {
    if (!isPulseRule(rule)) continue;
    const match = wanted.find((w) => w.tag === rule.tag && w.value === rule.value);
    if (match && !kept.has(match.value)) kept.add(match.value);
    else plan.delete.push(rule.id);
  }
  const deleted = new Set(plan.delete);
  const values = new Set(existing.filter((r) => !deleted.has(r.id)).map((r) => r.value));
  for (const rule of wanted) if (!kept.has(rule.value) && !values.has(rule.value)) plan.add.push(rule);
  return plan;
}

const RULES_PATH = "/2/tweets/search/stream/rules";
const RulesListSchema = z.object({
  data: z.array(z.object({ id: z.string(), value: z.string(), tag: z.string().optional() })).optional(),
});
const RulesChangeSchema = z.object({
  errors: z
    .array(
      z.object({
        title: z.string().optional(),
        value: z.string().optional(),
        detail: z.string().optional(),
        details: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

/** Options of `XStreamRules`. */
export interface XStreamRulesOptions {
  /** The API's base URL, without a trailing slash. */
  apiUrl: string;
  /** Authorization and the other headers every X request carries. */
  headers: Record<string, string>;
  /** Longest rule value made. Default `X_RULE_MAX_LENGTH`. */
  ruleMaxLength?: number;
  /** Deadline of one rules request. */
  requestTimeoutMs: number;
  /** The X source's status: a rule X refused is recorded there as an error. */
  tracker: SourceStatusTracker;
  logger?: Pick<SourceLogger, "info" | "warn">;
}

/** Brings the stream's rules in step with the campaigns, through the rules endpoint. */
export class XStreamRules {
  constructor(private readonly options: XStreamRulesOptions) {}

  /**
   * Lists the rules, then deletes and adds what `planRuleSync` says for `terms`: one list call, then at most
   * one delete call and one add call. Rejects with `HttpStatusError` or `NetworkError` (a request past its
   * deadline aborts `controller` with one) so the caller can back off.
   */
  async sync(controller: AbortController, terms: readonly CampaignTerms[]): Promise<XRulePlan> {
    const wanted = wantedRules(terms, this.options.ruleMaxLength);
    const listed = RulesListSchema.safeParse(await this.request(controller, "GET"));
    if (!listed.success) throw new HttpStatusError(200, `x: GET ${RULES_PATH}: expected { data: [{ id, value, tag }] }`);
    const plan = planRuleSync(listed.data.data ?? [], wanted);
    // Delete first: it frees room under the access level's rule count, and lets a value move to another tag.
    if (plan.delete.length > 0) this.noteRuleErrors(await this.request(controller, "POST", { delete: { ids: plan.delete } }), "delete");
    if (plan.add.length > 0) this.noteRuleErrors(await this.request(controller, "POST", { add: plan.add }), "add");
    this.options.logger?.info(
      { kept: wanted.length - plan.add.length, added: plan.add, deleted: plan.delete },
      "x: stream rules in step with the campaigns",
    );
    return plan;
  }

  /**
   * X answers 200 with per-rule `errors`. Harmless, and not recorded: a duplicate value on add, and a rule that
   * does not exist on delete (another node synced first). Anything else is worth showing.
   */
  private noteRuleErrors(answer: unknown, action: "add" | "delete"): void {
    const parsed = RulesChangeSchema.safeParse(answer);
    for (const error of (parsed.success ? parsed.data.errors : undefined) ?? []) {
      if (error.title === "DuplicateRule") continue;
      if (action === "delete" && [error.detail, ...(error.details ?? [])].some((d) => d !== undefined && /does not exist/i.test(d))) continue;
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
