import { setTimeout as delay } from "node:timers/promises";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The ids of the bench's extra campaigns: `bench-1` … `bench-<count>`. */
export function benchCampaignIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-${i + 1}`);
}

/**
 * Creates live campaigns (from yesterday to tomorrow, one hashtag each) through the staff API, as staff would,
 * and waits until the node runs each (its public snapshot answers). HTTP ingest names its campaign, so their
 * hashtags only make them valid.
 */
export async function createLiveCampaigns(url: string, staffToken: string, ids: readonly string[], timeoutMs = 20_000): Promise<void> {
  const now = Date.now();
  for (const [i, id] of ids.entries()) {
    const campaign = {
      id,
      name: `Bench campaign ${i + 1}`,
      timezone: "Europe/Paris",
      start: new Date(now - DAY_MS).toISOString(),
      end: new Date(now + DAY_MS).toISOString(),
      hashtags: [{ tag: `#benchcampaign${i + 1}`, country: "FR" }],
      organizations: [],
    };
    const res = await fetch(new URL("/api/staff/campaigns", url), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${staffToken}` },
      body: JSON.stringify(campaign),
    });
    if (res.status !== 201) throw new Error(`creating campaign ${id}: ${res.status} ${await res.text()}`);
  }
  const deadline = Date.now() + timeoutMs;
  for (const id of ids) {
    while ((await fetch(new URL(`/api/c/${id}/snapshot`, url))).status !== 200) {
      if (Date.now() > deadline) throw new Error(`campaign ${id} not running ${timeoutMs} ms after it was created`);
      await delay(100);
    }
  }
}
