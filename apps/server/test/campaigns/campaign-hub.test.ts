/**
 * The campaign hub over a real in-process registry, with stand-in runtimes that record what the hub does to them.
 */
import { describe, expect, it } from "vitest";
import { CampaignSchema, type Campaign } from "@pulse/shared";
import { CampaignHub } from "../../src/campaigns/campaign-hub.js";
import { MemoryCampaignRegistry } from "../../src/campaigns/memory-campaign-registry.js";
import type { CampaignRuntime } from "../../src/campaigns/campaign-runtime.js";
import type { CampaignRegistryListener } from "../../src/campaigns/campaign-registry.js";

function campaign(id: string, goal?: number): Campaign {
  return CampaignSchema.parse({
    id,
    name: id,
    timezone: "Europe/Paris",
    start: "2026-03-01T00:00:00+01:00",
    end: "2026-03-02T00:00:00+01:00",
    hashtags: [{ tag: id, country: "FR" }],
    organizations: [],
    ...(goal ? { goal: { posts: goal } } : {}),
  });
}

interface FakeRuntime extends CampaignRuntime {
  events: string[];
}

function setup(options: { failStart?: (id: string) => boolean } = {}) {
  const registry = new MemoryCampaignRegistry();
  const built: FakeRuntime[] = [];
  const archived: string[] = [];
  const hub = new CampaignHub(
    {
      registry,
      createRuntime(definition) {
        let current = definition;
        const events: string[] = [];
        const runtime = {
          id: definition.id,
          store: { start: async () => void events.push("store start") },
          room: `campaign:${definition.id}`,
          events,
          campaign: () => current,
          setCampaign(next: Campaign) {
            current = next;
            events.push(`set goal ${next.goal?.posts ?? "-"}`);
          },
          async start() {
            events.push("start");
            if (options.failStart?.(definition.id)) throw new Error("store unreachable");
          },
          stop: () => void events.push("stop"),
          resume: async () => void events.push("resume"),
          close: async () => void events.push("close"),
        } as unknown as FakeRuntime;
        built.push(runtime);
        return runtime;
      },
      onArchived: (runtime) => archived.push(runtime.id),
    },
    campaign("seed"),
  );
  // As createApp does: the registry is started (seeded) first, then the hub follows it.
  const start = async () => {
    await registry.start(campaign("seed"));
    await hub.start();
  };
  return { registry, hub, built, archived, start };
}

const ids = (runtimes: CampaignRuntime[]) => runtimes.map((r) => r.id);

describe("CampaignHub", () => {
  it("builds the default campaign's runtime at once, and starts it with the registry's others", async () => {
    const { hub, registry, built, start } = setup();
    expect(hub.default().id).toBe("seed");
    expect(hub.get("seed")).toBeUndefined();
    await start();
    expect((await registry.list()).map((r) => r.campaign.id)).toEqual(["seed"]);
    expect(hub.get("seed")).toBe(built[0]);
    expect(built[0]!.events).toEqual(["start"]);
  });

  it("starts a created campaign, swaps an edited one's definition on the same runtime, and ignores an older version", async () => {
    const { hub, registry, built, start } = setup();
    // The hub's own listener, to replay a record as a feed that repeats itself would.
    let feed: CampaignRegistryListener | undefined;
    const subscribe = registry.subscribe.bind(registry);
    registry.subscribe = (listener) => {
      feed = listener;
      return subscribe(listener);
    };
    await start();
    await registry.create(campaign("salon"));
    await hub.settled();
    expect(ids(hub.all())).toEqual(["seed", "salon"]);
    const salon = hub.get("salon") as FakeRuntime;
    expect(salon).toBe(built[1]);

    const first = (await registry.get("salon"))!;
    await registry.update(campaign("salon", 500));
    await hub.settled();
    expect(hub.get("salon")).toBe(salon);
    expect(salon.campaign().goal).toEqual({ posts: 500 });

    feed!.onCampaign({ ...first, campaign: campaign("salon", 1) });
    await hub.settled();
    expect(salon.campaign().goal).toEqual({ posts: 500 });
    expect(salon.events).toEqual(["start", "set goal 500"]);
  });

  it("stops an archived campaign and tells its clients, keeps it parked, and resumes the same runtime when unarchived", async () => {
    const { hub, registry, archived, start } = setup();
    await start();
    await registry.create(campaign("salon"));
    await hub.settled();
    const salon = hub.get("salon") as FakeRuntime;

    await registry.setArchived("salon", true);
    await hub.settled();
    expect(hub.get("salon")).toBeUndefined();
    expect(ids(hub.all())).toEqual(["seed"]);
    expect(archived).toEqual(["salon"]);
    expect(salon.events).toEqual(["start", "stop"]);

    await registry.setArchived("salon", false);
    await hub.settled();
    expect(hub.get("salon")).toBe(salon);
    expect(salon.events).toEqual(["start", "stop", "resume"]);

    await hub.stop();
    await hub.close();
    expect(salon.events).toEqual(["start", "stop", "resume", "stop", "close"]);
  });

  it("gives the store of a campaign once the record is applied here, opening an archived one's that never ran", async () => {
    const { hub, registry } = setup();
    await registry.start(campaign("seed"));
    await registry.create(campaign("old"));
    const archivedRecord = await registry.setArchived("old", true);
    await hub.start();
    expect(hub.get("old")).toBeUndefined();

    // Created now: applied at once, without waiting for the feed.
    const created = await registry.create(campaign("salon"));
    const store = await hub.storeOf(created);
    expect(store).toBe(hub.get("salon")?.store);

    // Archived before this node ran it: its store alone is opened, and kept with the archived ones.
    const old = await hub.storeOf(archivedRecord);
    expect(old).toBeDefined();
    expect(ids(hub.all())).toEqual(["seed", "salon"]);
    await registry.setArchived("old", false);
    await hub.settled();
    const running = hub.get("old") as FakeRuntime;
    expect(running.store).toBe(old);
    expect(running.events).toEqual(["store start", "resume"]);
  });

  it("keeps applying later changes when a campaign fails to start, and tries it again on its next edit", async () => {
    let failing = true;
    const { hub, registry, start } = setup({ failStart: (id) => id === "salon" && failing });
    await start();
    await registry.create(campaign("salon"));
    await registry.create(campaign("forum"));
    await hub.settled();
    expect(ids(hub.all())).toEqual(["seed", "forum"]);

    failing = false;
    await registry.update(campaign("salon", 10));
    await hub.settled();
    expect(hub.get("salon")?.campaign().goal).toEqual({ posts: 10 });
  });
});
