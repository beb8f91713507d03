import type { WallStep } from "./web-stats.js";

/** Pulse and the naive baseline, in the colours of `report.ts`'s plot. */
const COLORS: Record<WallStep["client"], string> = { pulse: "#1f6feb", naive: "#d97706" };

/**
 * The wall steps as a hand-written SVG in the style of `report.ts`: one row per step, with bars for
 * post-to-pixels p99 and the longest task (both ms, on one linear scale per panel) and the median fps as text.
 */
export function webSvg(steps: readonly WallStep[]): string {
  const rowH = 26;
  const [W, L, T, B] = [900, 260, 50, 40];
  const H = T + B + rowH * Math.max(1, steps.length);
  const panelW = (W - L - 40) / 2;
  const maxP2p = Math.max(1000, ...steps.map((s) => s.postToPixelsP99Ms ?? 0));
  const maxTask = Math.max(100, ...steps.map((s) => s.longestTaskMs));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">The wall in Chromium: post to pixels p99 and longest task, Pulse and the naive baseline</text>`,
    `<text x="${L}" y="${T - 10}">post to pixels p99, ms (0–${Math.round(maxP2p)}; target 1,000 dashed)</text>`,
    `<text x="${L + panelW + 20}" y="${T - 10}">longest task, ms (0–${Math.round(maxTask)}; target 100 dashed)</text>`,
  ];
  const x1 = (ms: number): number => L + (ms / maxP2p) * panelW;
  const x2 = (ms: number): number => L + panelW + 20 + (ms / maxTask) * panelW;
  steps.forEach((s, i) => {
    const y = T + i * rowH;
    const color = COLORS[s.client];
    const label = `${s.client === "pulse" ? "Pulse" : "baseline"} ${s.cpuThrottle}× ${s.viewport.height === 2160 ? "4K" : "1080p"} ${s.rate}/s${s.reducedMotion ? " (no roll)" : ""}, ${s.fpsMedian ?? "-"} fps`;
    parts.push(`<text x="${L - 8}" y="${y + 16}" text-anchor="end">${label}</text>`);
    parts.push(`<rect x="${L}" y="${y + 4}" width="${(x1(s.postToPixelsP99Ms ?? 0) - L).toFixed(1)}" height="${rowH - 8}" fill="${color}"/>`);
    parts.push(`<rect x="${L + panelW + 20}" y="${y + 4}" width="${(x2(s.longestTaskMs) - L - panelW - 20).toFixed(1)}" height="${rowH - 8}" fill="${color}"/>`);
  });
  // The targets on top of the bars.
  parts.push(`<line x1="${x1(1000)}" y1="${T}" x2="${x1(1000)}" y2="${H - B}" stroke="#c00" stroke-dasharray="6 4"/>`);
  parts.push(`<line x1="${x2(100)}" y1="${T}" x2="${x2(100)}" y2="${H - B}" stroke="#c00" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${L}" y="${H - 14}" fill="#555">blue: Pulse's live client; orange: the naive baseline (?client=naive). 4× = CPU throttling.</text>`);
  parts.push("</svg>");
  return parts.join("\n");
}
