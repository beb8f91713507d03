import { describe, expect, it } from "vitest";
import { HttpStatusError, httpStatusError, parseRetryAfter } from "../../src/sources/http-error.js";

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

describe("httpStatusError", () => {
  it("names the request and the status, with what an X problem says", async () => {
    const err = await httpStatusError(
      json(429, { title: "ConnectionException", detail: "This stream is currently at the maximum allowed connection limit." }),
      "x: GET /2/tweets/search/stream",
    );
    expect(err).toBeInstanceOf(HttpStatusError);
    expect(err.status).toBe(429);
    expect(err.message).toBe(
      "x: GET /2/tweets/search/stream answered HTTP 429: ConnectionException: This stream is currently at the maximum allowed connection limit.",
    );
  });

  it("reads an X errors list, a Mastodon error, and plain text cut short", async () => {
    expect((await httpStatusError(json(400, { errors: [{ message: "bad rule" }] }), "rules")).message).toBe("rules answered HTTP 400: bad rule");
    expect((await httpStatusError(json(401, { error: "The access token is invalid" }), "#votrejob stream")).message).toBe(
      "#votrejob stream answered HTTP 401: The access token is invalid",
    );
    const page = `<html>${"x".repeat(1_000)}</html>`;
    const long = await httpStatusError(new Response(page, { status: 502 }), "stream");
    expect(long.message).toBe(`stream answered HTTP 502: ${page.slice(0, 300)}`);
    expect((await httpStatusError(new Response("", { status: 500 }), "stream")).message).toBe("stream answered HTTP 500");
  });

  it("uses a body already read, and keeps Retry-After on a 429 or a 503 only", async () => {
    const read = await httpStatusError(new Response(null, { status: 503, headers: { "Retry-After": "2" } }), "gap fill", "down for maintenance");
    expect(read.message).toBe("gap fill answered HTTP 503: down for maintenance");
    expect(read.retryAfterMs).toBe(2_000);
    expect((await httpStatusError(json(429, {}, { "Retry-After": "1" }), "stream")).retryAfterMs).toBe(1_000);
    expect((await httpStatusError(json(500, {}, { "Retry-After": "1" }), "stream")).retryAfterMs).toBeUndefined();
  });
});

describe("parseRetryAfter", () => {
  it("reads Retry-After as seconds or an HTTP date, capped at 15 minutes", () => {
    const now = Date.parse("2015-02-24T09:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7_000);
    expect(parseRetryAfter("Tue, 24 Feb 2015 09:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Tue, 24 Feb 2015 08:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("86400", now)).toBe(900_000);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});
