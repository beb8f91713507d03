import type { IncomingMessage } from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { LiveClient, startPulse } from "../support/start-pulse.js";

// A full collection on demand, without starting the test process with --expose-gc.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

async function collectFully(): Promise<void> {
  // A WeakRef's target stays alive until the job that read it ends, so let a few turns pass between collections.
  for (let i = 0; i < 3; i += 1) {
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
  }
}

describe("a websocket client's upgrade request", () => {
  it("is not kept for the life of the connection (patches/engine.io: ~1.6 KB per client)", async () => {
    const node = await startPulse();
    let request: WeakRef<IncomingMessage> | undefined;
    node.pulse.httpServer.once("upgrade", (req: IncomingMessage) => {
      request = new WeakRef(req);
    });
    const client = new LiveClient({ urls: [node.url] });
    try {
      await client.ready();
      expect(request).toBeDefined();
      await collectFully();
      expect(client.socket.connected).toBe(true);
      // Engine.IO's WebSocketResponse held it through a `close` listener on the socket until the patch.
      expect(request?.deref()).toBeUndefined();
    } finally {
      client.close();
      await node.close();
    }
  });
});
