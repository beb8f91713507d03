import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { PNG } from "pngjs";

/** One request an image server received. */
export interface ImageRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/** A local stand-in for a network's media CDN. */
export interface ImageServer {
  /** `127.0.0.1:<port>`: what `MEDIA_HOSTS` lists. */
  host: string;
  /** The URL of picture `name` (any name: every `.png` path answers). */
  url(name: string): string;
  /** Every request received, in order. */
  requests: ImageRequest[];
  /** The requests for picture `name`. */
  requestsFor(name: string): ImageRequest[];
  close(): Promise<void>;
}

/** A hue from a name, so each picture has its own colour. */
function hueOf(name: string): number {
  let hash = 7;
  for (const char of name) hash = (hash * 31 + char.charCodeAt(0)) % 1_000_003;
  // Spread by the golden angle, so names that differ by one character still get far-apart hues.
  return (hash * 137.508) % 360;
}

/** RGB of a hue at a fixed saturation and lightness. */
function rgb(hue: number, lightness: number): [number, number, number] {
  const c = (1 - Math.abs(2 * lightness - 1)) * 0.65;
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - c / 2;
  const [r, g, b] = hue < 60 ? [c, x, 0] : hue < 120 ? [x, c, 0] : hue < 180 ? [0, c, x] : hue < 240 ? [0, x, c] : hue < 300 ? [x, 0, c] : [c, 0, x];
  return [r, g, b].map((v) => Math.round((v + m) * 255)) as [number, number, number];
}

/** A `width` × `height` PNG: a diagonal gradient in the name's hue, with a light disc, so tiles are told apart. */
export function picturePng(name: string, width = 480, height = 270): Buffer {
  const png = new PNG({ width, height });
  const hue = hueOf(name);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const t = (x / width + y / height) / 2;
      const inDisc = (x - width * 0.7) ** 2 + (y - height * 0.35) ** 2 < (height * 0.18) ** 2;
      const [r, g, b] = inDisc ? [250, 240, 210] : rgb((hue + t * 40) % 360, 0.3 + t * 0.35);
      const i = (y * width + x) * 4;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** Starts an image server on 127.0.0.1 (a free port) that answers every `*.png` path with a picture and records every request. */
export async function startImageServer(): Promise<ImageServer> {
  const requests: ImageRequest[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://images").pathname;
    requests.push({ path, headers: req.headers });
    const name = /^\/([\w-]+)\.png$/.exec(path)?.[1];
    if (!name) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "image/png", "cache-control": "no-store" });
    res.end(picturePng(name));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    host,
    url: (name) => `http://${host}/${name}.png`,
    requests,
    requestsFor: (name) => requests.filter((request) => request.path === `/${name}.png`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
