import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import express from "express";
import { get, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BROTLI_WINDOW_BITS, webRoutes } from "../src/routes/web-routes.js";
import { fakeWebDist } from "./support/fake-web-dist.js";

/** A built chunk as big as the app's: repetitive JavaScript, as minified code is to a compressor. */
const CHUNK = "export function chart(){return document.createElement('svg')}\n".repeat(4000);

/** A GET with `Accept-Encoding`, its body as sent on the wire (supertest and fetch would decode it). */
function getRaw(url: string, acceptEncoding: string): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { "Accept-Encoding": acceptEncoding } }, (res) => {
      const parts: Buffer[] = [];
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }));
      res.on("error", reject);
    }).on("error", reject);
  });
}

describe("the built web app is served compressed, hashed assets cached for good", () => {
  const dist = fakeWebDist();
  let server: Server;
  let url = "";
  beforeAll(async () => {
    mkdirSync(path.join(dist, "assets"));
    writeFileSync(path.join(dist, "assets", "charts-AbC123.js"), CHUNK);
    writeFileSync(path.join(dist, "index.html"), `<!doctype html><div id=root></div>${"<!-- padding -->".repeat(200)}`);
    server = express().use(webRoutes(dist)).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends a hashed asset brotli-encoded to a browser that accepts it, immutable for a year", async () => {
    const res = await getRaw(`${url}/assets/charts-AbC123.js`, "gzip, deflate, br");
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(String(res.headers.vary)).toContain("Accept-Encoding");
    const body = res.body;
    expect(body.length).toBeLessThan(CHUNK.length / 10);
    expect(brotliDecompressSync(body).toString()).toBe(CHUNK);
    // The stream's header names its window (RFC 7932, 9.1): a 1 bit, then 3 bits of WBITS - 17. A page load runs
    // some thirty encoders at once, and each holds its window: brotli's default 4 MB window left the server's RSS
    // about 10 MB higher after a day of the wall.
    expect(body[0]! & 1).toBe(1);
    expect(17 + ((body[0]! >> 1) & 7)).toBe(BROTLI_WINDOW_BITS);
  });

  it("falls back to gzip, and to the plain file for a client that accepts neither", async () => {
    const gzip = await getRaw(`${url}/assets/charts-AbC123.js`, "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.body).toString()).toBe(CHUNK);
    const plain = await getRaw(`${url}/assets/charts-AbC123.js`, "identity");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(CHUNK);
  });

  it("compresses the pages too, which stay revalidated on every load", async () => {
    const res = await getRaw(`${url}/`, "gzip");
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["cache-control"]).toBe("no-cache");
    expect(gunzipSync(res.body).toString()).toContain('<div id=root>');
  });
});
