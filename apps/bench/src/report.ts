/** One measured step of a run. */
export interface StepResult {
  server: "pulse" | "naive";
  /** `campaigns`: the load spread over several campaigns, each with its own clients. */
  phase: "rate" | "clients" | "campaigns";
  rate: number;
  /** Campaigns the step's clients and load were spread over (the node also runs its default one, idle then). */
  campaigns: number;
  clients: number;
  seconds: number;
  scheduled: number;
  accepted: number;
  counted: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  /** Pulse only: latency of the posts shown in `delta.posts` (at most 50 a delta). */
  visibleP99Ms: number | null;
  serverCpuMsPer1kPosts: number;
  serverCpuPercent: number;
  serverLagP99Ms: number;
  serverRssMB: number;
  serverHeapMB: number;
  bytesPerClientPerSec: number;
  /** Median and mean size of a delta's WebSocket frame (payload and header) as a light client received them; null if none. */
  deltaFrameBytes: { median: number; mean: number } | null;
  /** Ingest's part of the latency: from a batch's scheduled send to its 202 answer, over posts (ms). */
  answeredP50Ms: number;
  answeredP99Ms: number;
  loadgenLagP99Ms: number;
  loadgenSendLateP99Ms: number;
  clientWorkerLagP99Ms: number;
  /** False when the load generator itself was saturated: the step is thrown away. */
  valid: boolean;
  /** Ingest kept up and every post was delivered within the drain time: no growing backlog. */
  sustained: boolean;
  withinP99Bound: boolean;
  note: string;
}

/** Memory at one client count. */
export interface MemoryPoint {
  server: "pulse" | "naive";
  clients: number;
  rssMB: number;
  heapMB: number;
  heapPerClientKB: number | null;
  rssPerClientKB: number | null;
}

const fmt = (n: number | null, digits = 0): string => (n === null || !Number.isFinite(n) ? "-" : n.toFixed(digits));

/** The steps as a Markdown table. */
export function stepTable(steps: StepResult[]): string {
  const head =
    "| server | clients | posts/s | accepted | p50 ms | p99 ms | p99.9 ms | visible p99 ms | CPU ms / 1k posts | server CPU % | server loop p99 ms | bytes/client/s | verdict |\n" +
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";
  const rows = steps.map((s) => {
    const verdict = !s.valid ? `thrown away: ${s.note}` : s.sustained && s.withinP99Bound ? "sustained" : `not sustained: ${s.note}`;
    const server = s.campaigns > 1 ? `${s.server}, ${s.campaigns} campaigns` : s.server;
    return `| ${server} | ${s.clients} | ${s.rate} | ${s.accepted} | ${fmt(s.p50Ms)} | ${fmt(s.p99Ms)} | ${fmt(s.p999Ms)} | ${fmt(s.visibleP99Ms)} | ${fmt(s.serverCpuMsPer1kPosts, 1)} | ${fmt(s.serverCpuPercent)} | ${fmt(s.serverLagP99Ms, 1)} | ${fmt(s.bytesPerClientPerSec)} | ${verdict} |`;
  });
  return [head, ...rows].join("\n");
}

/** Memory points as a Markdown table. */
export function memoryTable(points: MemoryPoint[]): string {
  const head = "| server | clients | RSS MB | heap used MB | heap / client KB | RSS / client KB |\n|---|---:|---:|---:|---:|---:|";
  const rows = points.map(
    (p) => `| ${p.server} | ${p.clients} | ${fmt(p.rssMB, 1)} | ${fmt(p.heapMB, 1)} | ${fmt(p.heapPerClientKB, 2)} | ${fmt(p.rssPerClientKB, 2)} |`,
  );
  return [head, ...rows].join("\n");
}

/**
 * Latency p99 against ingest rate, Pulse and naive, on log-log axes, as a hand-written SVG. Steps that were
 * thrown away are drawn hollow.
 */
export function latencySvg(steps: StepResult[], boundMs = 300): string {
  // Width and height, then the left, right, top and bottom margins, in SVG units.
  const [W, H, L, R, T, B] = [720, 420, 70, 20, 30, 50];
  const rated = steps.filter((s) => s.phase === "rate" && s.p99Ms > 0);
  const rates = rated.map((s) => s.rate);
  const lats = rated.map((s) => s.p99Ms).concat(boundMs);
  const xMin = Math.log10(Math.max(10, Math.min(...rates, 100)));
  const xMax = Math.log10(Math.max(...rates, 1000)) + 0.05;
  const yMin = Math.log10(Math.max(1, Math.min(...lats, 10)));
  const yMax = Math.log10(Math.max(...lats, 1000)) + 0.05;
  const x = (rate: number): number => L + ((Math.log10(rate) - xMin) / (xMax - xMin)) * (W - L - R);
  const y = (ms: number): number => H - B - ((Math.log10(Math.max(1, ms)) - yMin) / (yMax - yMin)) * (H - T - B);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">End-to-end latency p99 against ingest rate</text>`,
  ];
  for (let e = Math.ceil(xMin); e <= Math.floor(xMax); e += 1) {
    const px = x(10 ** e);
    parts.push(`<line x1="${px}" y1="${T}" x2="${px}" y2="${H - B}" stroke="#ddd"/>`);
    parts.push(`<text x="${px}" y="${H - B + 16}" text-anchor="middle">${(10 ** e).toLocaleString("en")}</text>`);
  }
  for (let e = Math.ceil(yMin); e <= Math.floor(yMax); e += 1) {
    const py = y(10 ** e);
    parts.push(`<line x1="${L}" y1="${py}" x2="${W - R}" y2="${py}" stroke="#ddd"/>`);
    parts.push(`<text x="${L - 6}" y="${py + 4}" text-anchor="end">${(10 ** e).toLocaleString("en")}</text>`);
  }
  parts.push(`<line x1="${L}" y1="${y(boundMs)}" x2="${W - R}" y2="${y(boundMs)}" stroke="#c00" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${W - R - 4}" y="${y(boundMs) - 5}" text-anchor="end" fill="#c00">p99 bound ${boundMs} ms</text>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle">posts per second (log)</text>`);
  parts.push(`<text x="16" y="${(T + H - B) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(T + H - B) / 2})">p99 latency, ms (log)</text>`);
  const series: [StepResult["server"], string][] = [
    ["pulse", "#1f6feb"],
    ["naive", "#d97706"],
  ];
  series.forEach(([server, color], i) => {
    const points = rated.filter((s) => s.server === server).sort((a, b) => a.rate - b.rate);
    if (points.length > 1) {
      parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.map((s) => `${x(s.rate).toFixed(1)},${y(s.p99Ms).toFixed(1)}`).join(" ")}"/>`);
    }
    for (const s of points) {
      parts.push(`<circle cx="${x(s.rate).toFixed(1)}" cy="${y(s.p99Ms).toFixed(1)}" r="4" fill="${s.valid ? color : "white"}" stroke="${color}" stroke-width="2"/>`);
    }
    parts.push(`<rect x="${L + 10}" y="${T + 8 + i * 18}" width="12" height="12" fill="${color}"/>`);
    parts.push(`<text x="${L + 28}" y="${T + 18 + i * 18}">${server === "pulse" ? "Pulse" : "naive (PUBLISH + io.emit per post)"}</text>`);
  });
  parts.push(`<text x="${L + 10}" y="${T + 54}" fill="#555">hollow: load generator saturated, thrown away</text>`);
  parts.push("</svg>");
  return parts.join("\n");
}
