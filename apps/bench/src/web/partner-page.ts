import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A partner's news page, as heavy as they come: a long article, its own scripts busy on the main thread
 * (an "analytics" loop and an "ad" that builds DOM), and Pulse's counter embedded through `/embed.js`, served
 * from its own origin (another port) so the widget is cross-origin as on a real partner site.
 * `?widget=0` serves the same page without the widget, to tell the partner's own cost from the widget's.
 */
export function partnerHtml(pulseUrl: string, withWidget: boolean): string {
  const paragraphs = Array.from(
    { length: 120 },
    (_, i) => `<p>Paragraph ${i + 1}. Le salon ouvre ses portes ; les exposants arrivent, les visiteurs suivent, et la rédaction raconte la journée heure par heure.</p>`,
  );
  const widget = withWidget
    ? `<script async src="${pulseUrl}/embed.js" data-widget="counter" data-lang="en"></script>`
    : "";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Partner news page</title>
<script>
  // The partner's own "analytics": 30 ms of work every 200 ms, for as long as the page is open.
  setInterval(() => { const end = performance.now() + 30; let x = 0; while (performance.now() < end) x += Math.sqrt(x + 1); }, 200);
</script>
</head><body>
<header><h1>Partner daily</h1><nav>${Array.from({ length: 40 }, (_, i) => `<a href="#s${i}">Section ${i}</a>`).join(" ")}</nav></header>
<main><article>${paragraphs.slice(0, 6).join("\n")}
<aside id="pulse">${widget}</aside>
${paragraphs.slice(6).join("\n")}</article></main>
<script>
  // The partner's "ad": builds 3,000 nodes after load.
  addEventListener("load", () => { const box = document.createElement("div"); for (let i = 0; i < 3000; i++) { const d = document.createElement("div"); d.textContent = "ad " + i; box.appendChild(d); } document.body.appendChild(box); });
</script>
</body></html>`;
}

/** Serves {@link partnerHtml} on a spare local port; resolves to its URL and a close function. */
export async function startPartnerPage(pulseUrl: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const withWidget = !(req.url ?? "").includes("widget=0");
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(partnerHtml(pulseUrl, withWidget));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
