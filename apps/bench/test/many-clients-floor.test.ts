import { describe, expect, it } from "vitest";
import { floorPostLatency, percentileOf } from "../src/floor-latency.js";
import { deltaFrameBytes, medianFloorRun, newestClientsToFloor, wsFrameBytes, type ManyClientsFloor } from "../src/many-clients-floor.js";

describe("floorPostLatency", () => {
  it("is the wait for the next round plus that round's delivery, over posts arriving evenly", () => {
    // Rounds every 250 ms, each reaching its one sampled client 100 ms after it starts: a post waits 0–250 ms.
    const rounds = Array.from({ length: 41 }, (_, i) => ({ startMs: 1_000 + i * 250, deliveryMs: [100] }));
    const latency = floorPostLatency(rounds, 1);
    expect(latency.posts).toBe(40 * 250);
    expect(latency.p50Ms).toBe(100 + 124.5);
    expect(latency.p99Ms).toBe(100 + 247.5);
  });

  it("counts a late round as a longer wait for the posts before it, and every sampled client's delivery", () => {
    // The second gap is 750 ms (the round came late); its round reaches one client at 50 ms, the other at 400 ms.
    const rounds = [
      { startMs: 0, deliveryMs: [0, 0] },
      { startMs: 250, deliveryMs: [0, 0] },
      { startMs: 1_000, deliveryMs: [50, 400] },
    ];
    const latency = floorPostLatency(rounds, 1);
    // The slowest: a post right after 250 waits ~750 ms, then 400 ms to the last client.
    expect(latency.p99Ms).toBeGreaterThan(1_100);
    expect(latency.p99Ms).toBeLessThanOrEqual(1_150);
  });

  it("says NaN with fewer than two rounds", () => {
    expect(floorPostLatency([{ startMs: 0, deliveryMs: [1] }]).p99Ms).toBeNaN();
  });
});

describe("percentileOf", () => {
  it("takes the nearest rank", () => {
    expect(percentileOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentileOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentileOf([], 50)).toBeNaN();
  });
});

describe("delta frame sizes", () => {
  it("adds the websocket header a server frame of that payload has", () => {
    expect(wsFrameBytes(125)).toBe(127);
    expect(wsFrameBytes(126)).toBe(130);
    expect(wsFrameBytes(65_536)).toBe(65_546);
  });

  it("takes the median frame as the typical delta, and says the mean too", () => {
    expect(deltaFrameBytes([1_000, 900, 50_000])).toEqual({ median: 1_004, mean: Math.round((1_004 + 904 + 50_004) / 3) });
    expect(deltaFrameBytes([])).toBeNull();
  });
});

/** A floor comparison at `ratio`: Pulse's p99 that many times the floor's 400 ms. */
const measured = (ratio: number): ManyClientsFloor => ({
  clients: 10_008,
  tickMs: 250,
  pulseP99Ms: ratio * 400,
  floorP99Ms: 400,
  ratio,
  floor: {
    clients: 10_008,
    bytes: 1_000,
    tickMs: 250,
    rounds: 40,
    sampled: 8,
    writeP50Ms: 100,
    writeP99Ms: 150,
    roundCpuP50Ms: 90,
    deliveryP50Ms: 100,
    deliveryP99Ms: 150,
    postLatencyP50Ms: 230,
    postLatencyP99Ms: 400,
    meanTickMs: 250,
    writerCpuPercent: 40,
  },
});

describe("medianFloorRun", () => {
  it("reports the run of the median ratio, with every run's ratio in run order", () => {
    const median = medianFloorRun([measured(2.1), measured(1.46), measured(1.86), measured(4.3), measured(1.63)]);
    expect(median?.ratio).toBe(1.86);
    expect(median?.pulseP99Ms).toBe(1.86 * 400);
    expect(median?.ratios).toEqual([2.1, 1.46, 1.86, 4.3, 1.63]);
    // An even count takes the lower middle run; one run is itself, without a list.
    expect(medianFloorRun([measured(2), measured(1.5)])?.ratio).toBe(1.5);
    expect(medianFloorRun([measured(1.7)])).toEqual(measured(1.7));
    expect(medianFloorRun([])).toBeNull();
  });
});

describe("newestClientsToFloor", () => {
  it("names the median and its runs when the step was repeated", () => {
    const figure = newestClientsToFloor([
      { name: "clients.json", results: { machine: { date: "2026-12-07T06:00:00.000Z" }, manyClientsFloor: { ...measured(1.8), ratios: [1.5, 1.8, 2.2] } } },
    ]);
    expect(figure.value).toBe(1.8);
    expect(figure.source).toContain("the median of 3 runs (ratios 1.5, 1.8, 2.2)");
  });

  it("takes the newest run that measured the floor, and says which", () => {
    const figure = newestClientsToFloor([
      { name: "full.json", results: { machine: { date: "2026-12-07T05:00:00.000Z" }, manyClientsFloor: measured(1.9) } },
      { name: "clients.json", results: { machine: { date: "2026-12-07T06:00:00.000Z" }, manyClientsFloor: measured(1.4) } },
      { name: "latest.json", results: { machine: { date: "2026-12-07T07:00:00.000Z" }, manyClientsFloor: null } },
    ]);
    expect(figure.value).toBe(1.4);
    expect(figure.source).toContain("clients.json");
    expect(figure.source).toContain("2026-12-07T06:00:00.000Z");
  });

  it("is null, saying so, when no run measured it", () => {
    const figure = newestClientsToFloor([{ name: "latest.json", results: { machine: { date: "2026-12-07T07:00:00.000Z" } } }]);
    expect(figure.value).toBeNull();
    expect(figure.source).toMatch(/^not measured/);
  });
});
