import { describe, expect, it } from "vitest";
import { scriptCpuMs, widgetBlockingMs, type CpuProfile } from "../src/web/widget-cost.js";

/** root → partner.js → embed.js → (native) ; root → widget.js. Microseconds, as DevTools records them. */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: { url: "" }, children: [2, 5] },
    { id: 2, callFrame: { url: "http://partner.example/app.js" }, children: [3] },
    { id: 3, callFrame: { url: "http://pulse.example/embed.js" }, children: [4] },
    { id: 4, callFrame: { url: "" } },
    { id: 5, callFrame: { url: "http://pulse.example/assets/counter.js" } },
  ],
  startTime: 1_000_000,
  // Samples at +0, +1, +3, +6, +10 and +15 ms; the profile ends at +20 ms.
  samples: [2, 3, 4, 5, 1, 3],
  timeDeltas: [0, 1_000, 2_000, 3_000, 4_000, 5_000],
  endTime: 1_020_000,
};

describe("scriptCpuMs", () => {
  it("counts each sample until the next one, where the script or a callee of it is on the stack", () => {
    // embed.js at +1 (2 ms), its native callee at +3 (3 ms), embed.js again at +15 until the end (5 ms).
    expect(scriptCpuMs(PROFILE, (url) => url.endsWith("/embed.js"))).toBe(10);
    // The partner's script holds embed.js's samples too (it called it), and its own first one (1 ms).
    expect(scriptCpuMs(PROFILE, (url) => url.includes("partner.example"))).toBe(11);
    expect(scriptCpuMs(PROFILE, (url) => url.includes("/assets/"))).toBe(4);
  });

  it("is 0 for a script that never ran, or an empty profile", () => {
    expect(scriptCpuMs(PROFILE, (url) => url.includes("nowhere"))).toBe(0);
    expect(scriptCpuMs({ nodes: [], startTime: 0, endTime: 0 }, () => true)).toBe(0);
  });
});

describe("widgetBlockingMs", () => {
  it("adds its frame's blocking time (beyond 50 ms per task) and the loader's whole CPU time", () => {
    expect(widgetBlockingMs({ frameLongTasksMs: [93, 51, 40], loaderCpuMs: 3.4 })).toBe(47);
    expect(widgetBlockingMs({ frameLongTasksMs: [], loaderCpuMs: 0 })).toBe(0);
  });
});
