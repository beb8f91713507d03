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
    const logger = createLogger({ LOG_LEVEL: "info" }, { write: (line: string) => void lines.push(line) });
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

describe("HTTP ingest logs", () => {
  const TOKEN = "ingest-secret-token-4f1c";
  const lines: string[] = [];
  let pulse: PulseApp;
  let url: string;

  beforeAll(async () => {
    const logger = createLogger({ LOG_LEVEL: "info" }, { write: (line: string) => void lines.push(line) });
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
    expect(completed).toMatchObject({ res: { statusCode: 202 } });

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
