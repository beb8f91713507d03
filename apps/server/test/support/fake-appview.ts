import { createServer, type Server } from "node:http";
import { sparePort } from "@pulse/testkit/redis";
import { closeServer, listenLocally } from "./local-server.js";

/** How the fake AppView answers `getProfiles`. */
export type AppViewMode = "ok" | "error-500" | "garbage" | "not-json" | "slow";

/**
 * A local Bluesky AppView speaking `GET /xrpc/app.bsky.actor.getProfiles?actors=…`: answers `{ profiles }` for the
 * DIDs it knows (silently leaving out the others, as the real one does), refuses more than 25 actors with a 400,
 * records the `actors` of every request, and can fail on demand (`mode`).
 */
export class FakeAppView {
  /** DID → the profile it answers (any shape, so a test can serve malformed ones). */
  readonly profiles = new Map<string, unknown>();
  /** The `actors` of each getProfiles request, in arrival order. */
  readonly requests: string[][] = [];
  mode: AppViewMode = "ok";
  /** How long `slow` waits before answering. */
  slowMs = 5_000;
  private readonly http: Server;

  constructor() {
    this.http = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (req.method !== "GET" || !url.pathname.endsWith("/xrpc/app.bsky.actor.getProfiles")) {
        res.writeHead(404, { "content-type": "application/json" }).end('{"error":"XRPCNotSupported"}');
        return;
      }
      const actors = url.searchParams.getAll("actors");
      this.requests.push(actors);
      if (actors.length === 0 || actors.length > 25) {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":"InvalidRequest","message":"actors must have 1 to 25 items"}');
        return;
      }
      const answer = (): void => {
        const profiles = actors.flatMap((did) => (this.profiles.has(did) ? [this.profiles.get(did)] : []));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ profiles }));
      };
      switch (this.mode) {
        case "ok":
          return answer();
        case "error-500":
          res.writeHead(500, { "content-type": "application/json" }).end('{"error":"InternalServerError"}');
          return;
        case "garbage":
          res.writeHead(200, { "content-type": "application/json" }).end('{"feed":[{"did":42}]}');
          return;
        case "not-json":
          res.writeHead(200, { "content-type": "text/html" }).end("<html>maintenance</html>");
          return;
        case "slow": {
          const timer = setTimeout(answer, this.slowMs);
          res.on("close", () => clearTimeout(timer));
          return;
        }
      }
    });
  }

  /** Adds a well-formed `profileViewDetailed` (with the extra fields the real one carries). */
  add(did: string, handle: string, displayName?: string): void {
    this.profiles.set(did, {
      did,
      handle,
      ...(displayName === undefined ? {} : { displayName }),
      avatar: `https://cdn.example/${did}.jpg`,
      followersCount: 3,
      labels: [],
      createdAt: "2024-01-01T00:00:00.000Z",
    });
  }

  /** DIDs asked for, over all requests. */
  asked(): string[] {
    return this.requests.flat();
  }

  /** Starts listening on a free local port; returns the base URL (no trailing slash). */
  async listen(): Promise<string> {
    return `http://127.0.0.1:${await listenLocally(this.http)}`;
  }

  async close(): Promise<void> {
    await closeServer(this.http);
  }
}

/** A base URL nothing listens on: a port that was free a moment ago. */
export async function deadAppViewUrl(): Promise<string> {
  return `http://127.0.0.1:${await sparePort()}`;
}
