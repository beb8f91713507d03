import { stripVTControlCharacters } from "node:util";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type PulseApp } from "../src/app.js";
import { configFrom } from "../src/config.js";
import { listen } from "../src/listen.js";
import { createLogger } from "../src/logger.js";
import { makePost } from "./support/start-pulse.js";

describe("the logger", () => {
  it("never writes tokens or session cookies", () => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: "info" }, { write: (line: string) => void lines.push(line) }, { tty: false });
    logger.info(
      {
        req: { headers: { authorization: "Bearer secret-token", cookie: "pulse_staff=abc" } },
        res: { headers: { "set-cookie": "pulse_staff=session-value; HttpOnly" } },
      },
      "request completed",
    );
    const text = lines.join("");
    expect(text).toContain("request completed");
    expect(text).not.toContain("secret-token");
    expect(text).not.toContain("pulse_staff=abc");
    expect(text).not.toContain("session-value");
    expect(text).toContain("[redacted]");
  });
});

describe("the log format", () => {
  const record = { msg: "request completed", req: { id: "r1", method: "GET", path: "/api/snapshot" }, res: { statusCode: 200 }, responseTime: 3 };

  it("is one JSON object a line when the output is not a terminal", () => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: "info" }, { write: (line: string) => void lines.push(line) }, { tty: false });
    logger.info(record, record.msg);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ level: 30, msg: "request completed", res: { statusCode: 200 } });
  });

  it.each([
    ["on a terminal", "auto", true],
    ["with LOG_FORMAT=pretty", "pretty", false],
  ] as const)("is one readable line %s: time, level, method, path, status and time taken", (_label, format, tty) => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: "info", LOG_FORMAT: format }, { write: (line: string) => void lines.push(line) }, { tty });
    logger.info(record, record.msg);
    logger.warn({ store: "redis", healthy: false }, "store unreachable: live data paused");
    const plain = lines.map((line) => stripVTControlCharacters(line));
    expect(plain[0]).toMatch(/^\[\d{2}:\d{2}:\d{2}\] INFO: GET \/api\/snapshot 200 3 ms\n$/);
    expect(plain[1]).toMatch(/^\[\d{2}:\d{2}:\d{2}\] WARN: store unreachable: live data paused \{"store":"redis","healthy":false\}\n$/);
  });

  it("stays JSON with LOG_FORMAT=json on a terminal", () => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: "info", LOG_FORMAT: "json" }, { write: (line: string) => void lines.push(line) }, { tty: true });
    logger.info(record, record.msg);
    expect(JSON.parse(lines[0] ?? "")).toMatchObject({ msg: "request completed" });
  });
});

describe("HTTP ingest logs", () => {
  const TOKEN = "ingest-secret-token-4f1c";
  const lines: string[] = [];
  let pulse: PulseApp;
  let url: string;

  beforeAll(async () => {
    const logger = createLogger({ LOG_LEVEL: "info" }, { write: (line: string) => void lines.push(line) }, { tty: false });
    pulse = await createApp(configFrom({ INGEST_TOKEN: TOKEN, TICK_MS: "20" }), { logger });
    await pulse.start();
    url = `http://127.0.0.1:${await listen(pulse, 0, "127.0.0.1")}`;
  });
  afterAll(async () => {
    await pulse?.close();
  });

  /** The parsed log lines with message `msg`. */
  const logged = (msg: string) => lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((l) => l.msg === msg);

  /** Posts one post whose text is `text`; returns the answer. */
  const ingest = (text: string, requestId?: string) => {
    const req = request(url).post("/api/ingest").set("Authorization", `Bearer ${TOKEN}`);
    if (requestId !== undefined) req.set("X-Request-Id", requestId);
    return req.send([makePost({ text: `${text} #VotreJob` }), { not: "a post" }]);
  };

  it("carry the request id (the caller's X-Request-Id, echoed), the source and the counts, never the text or the token", async () => {
    const res = await ingest("secret-text-from-a-caller", "trace-abc.123");
    expect(res.status).toBe(202);
    expect(res.get("X-Request-Id")).toBe("trace-abc.123");

    const summary = logged("ingested").find((l) => l.reqId === "trace-abc.123");
    expect(summary).toMatchObject({ level: 30, component: "ingest", source: "http", accepted: 1, duplicates: 0, rejected: 1 });
    const completed = logged("request completed").find((l) => (l.req as { id?: string }).id === "trace-abc.123");
    // At info: the request's id, method, path, status and time taken, and nothing else (no headers).
    expect(completed).toMatchObject({ req: { id: "trace-abc.123", method: "POST", path: "/api/ingest" }, res: { statusCode: 202 } });
    expect(Object.keys(completed?.req as object).sort()).toEqual(["id", "method", "path"]);
    expect(Object.keys(completed?.res as object)).toEqual(["statusCode"]);
    expect(typeof completed?.responseTime).toBe("number");

    const text = lines.join("");
    expect(text).not.toContain("secret-text-from-a-caller");
    expect(text).not.toContain(TOKEN);
  });

  it("give a request without a usable X-Request-Id a new id, echoed in the answer", async () => {
    const generated = await ingest("first post without an id");
    const replaced = await ingest("second post, with an id that is not plain", "spaces and;semicolons");
    for (const res of [generated, replaced]) {
      expect(res.status).toBe(202);
      const id = res.get("X-Request-Id");
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(logged("ingested").filter((l) => l.reqId === id)).toHaveLength(1);
    }
    expect(generated.get("X-Request-Id")).not.toBe(replaced.get("X-Request-Id"));
    expect(lines.join("")).not.toContain("spaces and;semicolons\",\"source");
  });
});
