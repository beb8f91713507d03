/**
 * Out-of-process readings for the soak: what the server prints, and the wall page's heap and listeners through a
 * Chrome DevTools Protocol session. The server's memory comes from `@pulse/testkit/process-memory`.
 */
import type { CDPSession, Page } from "playwright-core";
import type { ServerProcess } from "../faults/support/server-process.js";

/** Everything a server process prints, kept whole (the process helper keeps only a tail), split by stream. */
export interface ServerOutput {
  stderr(): string;
  /** Parsed pino lines of stdout at `warn` (40) or above. */
  problems(): { level: number; msg?: string }[];
}

/**
 * Starts recording a server's output. The process helper already drains both pipes; these are extra listeners.
 * What it printed before the call (start-up) is taken from the helper's tail.
 */
export function recordServerOutput(proc: ServerProcess): ServerOutput {
  let stderr = proc.output();
  let pending = "";
  const problems: { level: number; msg?: string }[] = [];
  proc.child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  proc.child.stdout?.on("data", (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.startsWith("{")) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        if ((entry.level ?? 0) >= 40) problems.push({ level: entry.level ?? 0, msg: entry.msg });
      } catch {
        // Not a log line.
      }
    }
  });
  return { stderr: () => stderr, problems: () => problems };
}

/** One reading of the page, after a garbage collection. */
export interface PageReading {
  /** `Runtime.getHeapUsage().usedSize`, bytes. */
  heapUsed: number;
  /** `Performance.getMetrics`: every event listener in the page, and DOM nodes. */
  listeners: number;
  nodes: number;
}

/** Listeners counted by event type. */
export type ListenerCounts = Record<string, number>;

/** Where the page's listeners are, in detail. */
export interface ListenerDetail {
  /** `DOMDebugger.getEventListeners` on `window` and on `document`. */
  window: ListenerCounts;
  document: ListenerCounts;
  /**
   * Listeners registered on the Socket.IO client's emitters (its Manager, Socket, engine and transport all keep
   * them in `_callbacks`), found in the page's heap, by event name; and how many such emitters there are.
   */
  socketIo: { emitters: number; byEvent: ListenerCounts };
  /** The `readyState` of every WebSocket object alive in the page (1 is open). */
  webSockets: number[];
}

const GROUP = "pulse-soak";

/** The parts of a V8 heap snapshot (`.heapsnapshot` JSON) read here. */
interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  /** `node_fields.length` numbers per node. */
  nodes: number[];
}

function countByType(listeners: { type: string }[]): ListenerCounts {
  const counts: ListenerCounts = {};
  for (const { type } of listeners) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

/** A CDP session on the wall page. */
export class PageProbe {
  private constructor(private readonly cdp: CDPSession) {}

  static async attach(page: Page): Promise<PageProbe> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable");
    return new PageProbe(cdp);
  }

  /** Heap, listeners and nodes after a full garbage collection. */
  async read(): Promise<PageReading> {
    await this.cdp.send("HeapProfiler.collectGarbage");
    await this.cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await this.cdp.send("Runtime.getHeapUsage");
    const { metrics } = await this.cdp.send("Performance.getMetrics");
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    return { heapUsed: usedSize, listeners: metric("JSEventListeners"), nodes: metric("Nodes") };
  }

  /**
   * Bytes of the page's heap that hold code rather than data: bytecode, compiled and optimized machine code and
   * their type feedback (the heap snapshot's `code` nodes). V8 compiles lazily and optimizes what runs hot, so
   * this grows for minutes after the page opens, as the day brings new code paths: growth, but not a leak.
   */
  async compiledCodeBytes(): Promise<number> {
    const chunks: string[] = [];
    const onChunk = ({ chunk }: { chunk: string }) => void chunks.push(chunk);
    this.cdp.on("HeapProfiler.addHeapSnapshotChunk", onChunk);
    try {
      await this.cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
    } finally {
      this.cdp.off("HeapProfiler.addHeapSnapshotChunk", onChunk);
    }
    const snapshot = JSON.parse(chunks.join("")) as HeapSnapshot;
    const { node_fields: fields, node_types: types } = snapshot.snapshot.meta;
    const typeAt = fields.indexOf("type");
    const sizeAt = fields.indexOf("self_size");
    const code = types[0].indexOf("code");
    let bytes = 0;
    for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
      if (snapshot.nodes[i + typeAt] === code) bytes += snapshot.nodes[i + sizeAt] ?? 0;
    }
    return bytes;
  }

  /** See {@link ListenerDetail}. Takes a moment: it walks every object of the page's heap once. */
  async listenerDetail(): Promise<ListenerDetail> {
    try {
      const listenersOf = async (expression: string) => {
        const { result } = await this.cdp.send("Runtime.evaluate", { expression, objectGroup: GROUP });
        const { listeners } = await this.cdp.send("DOMDebugger.getEventListeners", { objectId: result.objectId! });
        return countByType(listeners);
      };
      const instancesOf = async (prototype: string) => {
        const { result } = await this.cdp.send("Runtime.evaluate", { expression: prototype, objectGroup: GROUP });
        const { objects } = await this.cdp.send("Runtime.queryObjects", { prototypeObjectId: result.objectId!, objectGroup: GROUP });
        return objects.objectId!;
      };
      const window = await listenersOf("window");
      const document = await listenersOf("document");
      // Every object of the page (all inherit Object.prototype); the summary runs in the page, over that array.
      const everything = await instancesOf("Object.prototype");
      const socketIo = await this.cdp.send("Runtime.callFunctionOn", {
        objectId: everything,
        returnByValue: true,
        functionDeclaration: `function () {
          const byEvent = {};
          let emitters = 0;
          for (const o of this) {
            if (!o || !Object.prototype.hasOwnProperty.call(o, "_callbacks")) continue;
            const callbacks = o._callbacks;
            if (!callbacks || typeof callbacks !== "object") continue;
            emitters += 1;
            for (const [key, fns] of Object.entries(callbacks)) {
              if (!Array.isArray(fns) || fns.length === 0) continue;
              const name = key.replace(/^\\$/, "");
              byEvent[name] = (byEvent[name] || 0) + fns.length;
            }
          }
          return { emitters, byEvent };
        }`,
      });
      const sockets = await instancesOf("WebSocket.prototype");
      const webSockets = await this.cdp.send("Runtime.callFunctionOn", {
        objectId: sockets,
        returnByValue: true,
        functionDeclaration: "function () { return this.map((ws) => ws.readyState); }",
      });
      return {
        window,
        document,
        socketIo: socketIo.result.value as ListenerDetail["socketIo"],
        webSockets: webSockets.result.value as number[],
      };
    } finally {
      // The arrays above hold every object of the page: let them go before the next heap reading.
      await this.cdp.send("Runtime.releaseObjectGroup", { objectGroup: GROUP });
    }
  }

  async detach(): Promise<void> {
    await this.cdp.detach();
  }
}
