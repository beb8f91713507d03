/**
 * Sends what `fuzz-inputs` generates to a running Pulse node, over real HTTP and a real socket.io-client, and says
 * what was wrong with each answer. Shared by the in-process and the out-of-process fuzz tests.
 */
import { io, type Socket } from "socket.io-client";
import type { IngestRequest, SocketInput } from "./fuzz-inputs.js";

/** An answer of `POST /api/ingest`. */
export interface IngestAnswer {
  status: number;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  body: unknown;
  text: string;
}

/** Sends one request to `POST /api/ingest` of the node at `baseUrl`, whose token is `token`. */
export async function sendIngest(baseUrl: string, token: string, request: IngestRequest): Promise<IngestAnswer> {
  const headers: Record<string, string> = {};
  if (request.contentType !== undefined) headers["content-type"] = request.contentType;
  if (request.auth === "valid") headers.authorization = `Bearer ${token}`;
  if (request.auth === "wrong") headers.authorization = `Bearer ${token}-wrong`;
  if (request.auth === "malformed") headers.authorization = `Basic ${token}`;
  const res = await fetch(`${baseUrl}/api/ingest`, { method: "POST", headers, body: request.body });
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/** The sums of a 202 or 400 answer. */
export interface IngestTally {
  accepted: number;
  duplicates: number;
  deleted: number;
  ignored: number;
  rejected: number;
}

const isCount = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

/**
 * What is wrong with `answer` to `request` by the contract, or `undefined`: the status is one the request allows, the
 * body is JSON, a 202 or 400 has the counts and a `rejected` list, and any other 4xx has an `error`.
 */
export function ingestAnswerProblem(request: IngestRequest, answer: IngestAnswer): string | undefined {
  const what = `${request.label} (${request.body.length} bytes, ${request.contentType ?? "no type"}, auth ${request.auth})`;
  if (!request.expected.includes(answer.status)) return `status ${answer.status} for ${what}, expected ${request.expected.join(" or ")}: ${answer.text.slice(0, 300)}`;
  const body = answer.body as Record<string, unknown> | undefined;
  if (body === undefined || body === null || typeof body !== "object") return `a body that is not a JSON object for ${what}: ${answer.text.slice(0, 300)}`;
  if (answer.status === 202 || answer.status === 400) {
    const counts = ["accepted", "duplicates", "deleted", "ignored"].every((k) => isCount(body[k]));
    const rejected = Array.isArray(body.rejected) && body.rejected.every((r: { index?: unknown; error?: unknown }) => isCount(r.index) && typeof r.error === "string");
    if (!counts || !rejected) return `a ${answer.status} without the counts and rejected list for ${what}: ${answer.text.slice(0, 300)}`;
  }
  if (answer.status >= 400 && typeof body.error !== "string") return `a ${answer.status} without an error for ${what}: ${answer.text.slice(0, 300)}`;
  return undefined;
}

/** The counts of a 202 or 400 answer (zeros for any other). */
export function ingestTally(answer: IngestAnswer): IngestTally {
  const body = answer.body as Partial<Record<keyof IngestTally, number>> & { rejected?: unknown[] };
  if (answer.status !== 202 && answer.status !== 400) return { accepted: 0, duplicates: 0, deleted: 0, ignored: 0, rejected: 0 };
  return { accepted: body.accepted ?? 0, duplicates: body.duplicates ?? 0, deleted: body.deleted ?? 0, ignored: body.ignored ?? 0, rejected: body.rejected?.length ?? 0 };
}

/** How one Socket.IO input went. */
export interface SocketOutcome {
  /** The server closed the connection the input went over (never set after a raw packet: the client closes that one itself). */
  dropped: boolean;
  /** What is wrong, or `undefined`. */
  problem?: string;
}

/**
 * One socket.io-client connection to a node, which sends fuzz input and checks after each one that the node still
 * serves: a `resync` is acknowledged with a snapshot of `campaignId` (see `send` for which connection).
 */
export class SocketFuzzer {
  #socket: Socket | undefined;
  /** Connections the server dropped after an event or an oversized message (after a raw packet, the client closes). */
  readonly dropped = { event: 0, oversized: 0 };

  constructor(
    private readonly url: string,
    private readonly campaignId: string,
    private readonly timeoutMs = 5_000,
  ) {}

  /**
   * Sends `input`, then checks that the node still answers a resync: on the same connection after an event (which it
   * must keep open) or an oversized message (which it may close), and on a new connection after a raw packet, which
   * may leave the old one in any state (a DISCONNECT packet leaves it open but out of the namespace).
   */
  async send(input: SocketInput): Promise<SocketOutcome> {
    const socket = await this.connected();
    if (input.kind === "raw") {
      // A packet of the Socket.IO protocol as the engine carries it, bypassing the client's encoder.
      socket.io.engine.send(input.packet);
      this.close();
      return { dropped: false, problem: snapshotProblem(await this.resync(await this.connected()), this.campaignId) };
    }
    let onClose = () => {};
    const closed = new Promise<true>((resolve) => {
      onClose = () => resolve(true);
      socket.once("disconnect", onClose);
    });
    socket.emit(input.event, ...input.args);
    // The answer to a resync sent after the input comes after the server has handled the input.
    const answer = await Promise.race([this.resync(socket), closed]);
    socket.off("disconnect", onClose);
    const dropped = answer === true || !socket.connected;
    if (!dropped) return { dropped, problem: snapshotProblem(answer, this.campaignId) };
    this.dropped[input.kind] += 1;
    this.close();
    if (input.kind === "event") return { dropped, problem: `the server dropped the connection after event ${JSON.stringify(input.event)}` };
    return { dropped, problem: snapshotProblem(await this.resync(await this.connected()), this.campaignId) };
  }

  /** Closes the connection. */
  close(): void {
    this.#socket?.disconnect();
    this.#socket = undefined;
  }

  /** The open connection, or a new one once the server has sent its first snapshot. */
  private async connected(): Promise<Socket> {
    if (this.#socket?.connected) return this.#socket;
    this.#socket?.disconnect();
    const socket = io(this.url, { transports: ["websocket"], forceNew: true, reconnection: false });
    this.#socket = socket;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no snapshot from ${this.url} within ${this.timeoutMs} ms`)), this.timeoutMs);
      socket.once("snapshot", () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once("connect_error", (err) => {
        clearTimeout(timer);
        reject(new Error(`could not connect to ${this.url}: ${err.message}`));
      });
    });
    return socket;
  }

  private async resync(socket: Socket): Promise<unknown> {
    try {
      return await socket.timeout(this.timeoutMs).emitWithAck("resync");
    } catch (err) {
      return err;
    }
  }
}

/** What is wrong with a resync answer, or `undefined` when it is a snapshot of `campaignId`. */
function snapshotProblem(answer: unknown, campaignId: string): string | undefined {
  const snapshot = answer as { campaign?: unknown; totals?: { posts?: unknown } } | undefined;
  if (snapshot?.campaign === campaignId && typeof snapshot.totals?.posts === "number") return undefined;
  return `resync did not answer a snapshot of ${campaignId}: ${answer instanceof Error ? answer.message : JSON.stringify(answer)?.slice(0, 200)}`;
}
