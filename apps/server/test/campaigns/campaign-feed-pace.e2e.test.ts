/**
 * A campaign's `feedPace`: its store paces the live feed at that rate rather than the node's FEED_MAX_PER_SEC, and
 * an edit of it takes effect live.
 */
import { afterEach, describe, expect, it } from "vitest";
import { FEED_BURST } from "@pulse/shared";
import { makePost, startPulse, waitFor, type RunningPulse } from "../support/start-pulse.js";
import { contractCampaign } from "./campaign-registry-contract.js";

describe("a campaign's feed pace", () => {
  let node: RunningPulse | undefined;
  afterEach(async () => {
    await node?.close();
    node = undefined;
  });

  it("paces its feed from creation, and shows every post once an edit sets it to 0", async () => {
    // The node's own pace shows every post: only the campaign's can hold one back.
    node = await startPulse({ SOURCE: "none", FEED_MAX_PER_SEC: "0" });
    const pulse = node.pulse;
    // One post a 100 s once the burst is spent: nothing refills while the test runs.
    const paced = contractCampaign("paced", { feedPace: 0.01 });
    await pulse.campaigns.create(paced);
    await waitFor(() => pulse.hub.get("paced") !== undefined, 5_000, "the campaign running");
    const runtime = () => pulse.hub.get("paced")!;
    const newest = async () => (await runtime().store.snapshot()).snapshot.recent[0]?.id;
    const burst = Array.from({ length: FEED_BURST }, (_, i) => makePost({ id: `b${i}`, createdAt: paced.start }));
    await runtime().ingest.ingest(burst, "test");
    await runtime().ingest.ingest([makePost({ id: "held-back", createdAt: paced.start })], "test");
    expect(await newest()).toBe(`b${FEED_BURST - 1}`);

    await pulse.campaigns.update({ ...paced, feedPace: 0 });
    await waitFor(() => runtime().campaign().feedPace === 0, 5_000, "the edit applied");
    await runtime().ingest.ingest([makePost({ id: "shown", createdAt: paced.start })], "test");
    expect(await newest()).toBe("shown");
    expect((await runtime().store.snapshot()).snapshot.totals.posts).toBe(FEED_BURST + 2);
  });
});
