/**
 * A local X API v2 for the tests: the filtered stream's rules endpoints (refusing a duplicate value, as X does) and
 * the stream itself, scripted connection by connection.
 */
import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { XRule } from "../../src/sources/x-stream-rules.js";
import { closeServer, listenLocally } from "./local-server.js";

/** One `GET /2/tweets/search/stream` the fake served. */
export class StreamConnection {
  readonly openedAt = Date.now();
  lastWriteAt: number | undefined;
  closedAt: number | undefined;
  readonly closed: Promise<void>;

  constructor(
    readonly index: number,
    readonly url: URL,
    readonly res: http.ServerResponse,
  ) {
    this.closed = new Promise((resolve) =>
      res.on("close", () => {
        this.closedAt = Date.now();
        resolve();
      }),
    );
  }

  get isOpen(): boolean {
    return this.closedAt === undefined;
  }

  open(): void {
    this.res.writeHead(200, { "Content-Type": "application/json" });
    this.res.flushHeaders();
  }

  write(text: string): void {
    if (!this.isOpen) return;
    this.res.write(text);
    this.lastWriteAt = Date.now();
  }

  reply(status: number, body: unknown): void {
    this.res.writeHead(status, { "Content-Type": "application/json" });
    this.res.end(JSON.stringify(body));
  }

  /** Cuts the TCP connection, as a network fault or a server restart would. */
  drop(): void {
    this.res.socket?.destroy();
  }

  /** Heartbeats every `everyMs` for `forMs` (or until closed). */
  async heartbeats(everyMs: number, forMs = Infinity): Promise<void> {
    const until = Date.now() + forMs;
    while (this.isOpen && Date.now() < until) {
      this.write("\r\n");
      await sleep(everyMs);
    }
  }
}

export type StreamScript = (conn: StreamConnection) => void | Promise<void>;

/** What `FakeXApi.probe` records. */
export const PROBE_REQUEST = { method: "GET", path: "/probe", authorized: false };

export class FakeXApi {
  readonly rules: XRule[];
  /** Bodies of `POST /2/tweets/search/stream/rules` taken, in order. */
  readonly ruleChanges: unknown[] = [];
  /** How many of the next rule changes to refuse with a 503 (not recorded in `ruleChanges`). */
  refuseRuleChanges = 0;
  readonly requests: { method: string; path: string; authorized: boolean }[] = [];
  readonly streams: StreamConnection[] = [];
  private readonly server = http.createServer((req, res) => void this.handle(req, res));
  private nextRuleId = 1_000;
  url = "";

  constructor(
    private readonly token: string,
    rules: XRule[] = [],
    private readonly scripts: StreamScript[] = [],
    private readonly idle: StreamScript = (conn) => {
      conn.open();
      void conn.heartbeats(50);
    },
  ) {
    this.rules = [...rules];
  }

  async listen(): Promise<string> {
    this.url = `http://127.0.0.1:${await listenLocally(this.server)}`;
    return this.url;
  }

  /** A request of the test's own, answered 401 (no token) once the fake has recorded it as `PROBE_REQUEST`. */
  async probe(): Promise<void> {
    await (await fetch(`${this.url}/probe`)).text();
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  /** The connections still open. */
  openStreams(): StreamConnection[] {
    return this.streams.filter((conn) => conn.isOpen);
  }

  /** Sends one message, as a line, on every open connection (each node of a cluster holds one). */
  broadcast(message: unknown): void {
    for (const conn of this.openStreams()) conn.write(`${JSON.stringify(message)}\r\n`);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x.test");
    const authorized = req.headers.authorization === `Bearer ${this.token}`;
    this.requests.push({ method: req.method ?? "", path: url.pathname, authorized });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!authorized) {
      res.setHeader("WWW-Authenticate", "Bearer");
      json(401, { title: "Unauthorized", type: "about:blank", status: 401, detail: "Unauthorized" });
      return;
    }
    const sent = new Date().toISOString();
    if (url.pathname === "/2/tweets/search/stream/rules" && req.method === "GET") {
      json(200, this.rules.length > 0 ? { data: this.rules, meta: { sent, result_count: this.rules.length } } : { meta: { sent, result_count: 0 } });
      return;
    }
    if (url.pathname === "/2/tweets/search/stream/rules" && req.method === "POST") {
      let raw = "";
      for await (const chunk of req) raw += String(chunk);
      const body = JSON.parse(raw) as { add?: { value: string; tag?: string }[]; delete?: { ids: string[] } };
      if (this.refuseRuleChanges > 0) {
        this.refuseRuleChanges -= 1;
        json(503, { title: "Service Unavailable", detail: "Service Unavailable", type: "about:blank", status: 503 });
        return;
      }
      this.ruleChanges.push(body);
      if (body.delete) {
        const errors: unknown[] = [];
        for (const id of body.delete.ids) {
          const at = this.rules.findIndex((r) => r.id === id);
          if (at >= 0) this.rules.splice(at, 1);
          // As X answers an id it does not have (another client deleted it first).
          else errors.push({ value: id, details: ["Rule does not exist"], title: "Invalid Request", type: "https://api.twitter.com/2/problems/invalid-request" });
        }
        const summary = { deleted: body.delete.ids.length - errors.length, not_deleted: errors.length };
        json(200, { meta: { sent, summary }, ...(errors.length > 0 ? { errors } : {}) });
        return;
      }
      const created: XRule[] = [];
      const errors: unknown[] = [];
      for (const rule of body.add ?? []) {
        const same = this.rules.find((r) => r.value === rule.value);
        if (same) {
          errors.push({ value: rule.value, id: same.id, title: "DuplicateRule", type: "https://api.twitter.com/2/problems/duplicate-rules" });
          continue;
        }
        const added = { id: String(this.nextRuleId++), value: rule.value, ...(rule.tag ? { tag: rule.tag } : {}) };
        this.rules.push(added);
        created.push(added);
      }
      const summary = { created: created.length, not_created: errors.length, valid: created.length, invalid: 0 };
      json(200, { data: created, meta: { sent, summary }, ...(errors.length > 0 ? { errors } : {}) });
      return;
    }
    if (url.pathname === "/2/tweets/search/stream" && req.method === "GET") {
      const conn = new StreamConnection(this.streams.length, url, res);
      this.streams.push(conn);
      await (this.scripts[conn.index] ?? this.idle)(conn);
      return;
    }
    json(404, { title: "Not Found Error", type: "about:blank", status: 404 });
  }
}


/** What `xPost` builds a stream message from. */
export interface XPostSpec {
  id: string;
  /** The author's username (an organization's handle, say). */
  username: string;
  /** Hashtags, without `#`, written at the end of the text. */
  tags: string[];
  createdAt?: string;
}

/** A filtered-stream message as X sends it (data, entities, includes.users), carrying `tags` in its text. */
export function xPost(spec: XPostSpec): Record<string, unknown> {
  const head = `Post ${spec.id}`;
  let text = head;
  const hashtags = spec.tags.map((tag) => {
    const start = text.length + 1;
    text += ` #${tag}`;
    return { start, end: start + tag.length + 1, tag };
  });
  const authorId = `u-${spec.username}`;
  return {
    data: {
      id: spec.id,
      text,
      author_id: authorId,
      created_at: spec.createdAt ?? new Date().toISOString(),
      lang: "fr",
      edit_history_tweet_ids: [spec.id],
      ...(hashtags.length > 0 ? { entities: { hashtags } } : {}),
    },
    includes: { users: [{ id: authorId, username: spec.username, name: spec.username }] },
  };
}
