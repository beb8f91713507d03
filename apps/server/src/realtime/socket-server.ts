import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import type {
  Campaign,
  Delta,
  ClientToServerEvents,
  InterServerEvents,
  LiveHealth,
  ServerToClientEvents,
  SocketData,
} from "@pulse/shared";
import type { Logger } from "pino";
import type { Relay } from "./relay.js";
import { campaignNotice } from "../campaign-revision.js";
import { isOwnOrigin, nodeHeaders } from "../http/own-origin.js";

/** The typed Socket.IO server of Pulse. */
export type PulseIo = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** Options of the Socket.IO server. */
export interface SocketServerOptions {
  /** Origins allowed to connect; `*` allows any. */
  origins: string[];
  logger?: Logger;
  onClientCount?: (count: number) => void;
  /** A Socket.IO parser in place of the default one, e.g. `measuringParser` for metrics. */
  parser?: ServerOptions["parser"];
}

/**
 * Creates the Socket.IO server on `httpServer`. Client input is validated: `resync` must carry an
 * acknowledgement callback, anything else is ignored.
 */
export function createSocketServer(httpServer: HttpServer, options: SocketServerOptions): PulseIo {
  const anyOrigin = options.origins.includes("*");
  const io = new Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>(httpServer, {
    path: "/socket.io",
    serveClient: false,
    ...(options.parser ? { parser: options.parser } : {}),
    // A broadcast is encoded once only while compression is off.
    perMessageDeflate: false,
    // Clients send nothing larger than a resync request.
    maxHttpBufferSize: 16 * 1024,
    cors: anyOrigin ? { origin: true } : { origin: options.origins },
    // CORS does not bind a websocket: with an allowlist, a browser socket from any other origin is refused
    // here. The app's own pages (the embeds included) are same-origin; clients without Origin are not browsers.
    allowRequest: anyOrigin
      ? undefined
      : (req, callback) => {
          const origin = req.headers.origin;
          if (!origin || options.origins.includes(origin)) return callback(null, true);
          let url: URL;
          try {
            url = new URL(origin);
          } catch {
            return callback("origin not allowed", false);
          }
          const own = isOwnOrigin(nodeHeaders(req.headers), url);
          callback(own ? null : "origin not allowed", own);
        },
  });
  // Engine.IO keeps each session's first HTTP request for its lifetime and nothing here reads it after the
  // handshake: dropping it frees about 1 KB a client. A websocket upgrade's request was also held by a `close`
  // listener of Engine.IO's own, which patches/engine.io+*.patch removes (docs/performance.md).
  io.engine.on("connection", (raw: { request: unknown }) => {
    raw.request = null;
  });
  return io;
}

/** A campaign as its Socket.IO clients see it: their room, its relay and its definition. */
export interface CampaignChannel {
  room: string;
  relay: Pick<Relay, "snapshot">;
  campaign(): Campaign;
}

/** The room of a campaign's clients that asked for insights (`auth.insights: true`), within its room. */
export function insightRoom(room: string): string {
  return `${room}:insights`;
}

/** A snapshot or delta as a client that did not ask for insights gets it. */
export function withoutInsights<T extends { insights?: unknown }>(value: T): Omit<T, "insights"> {
  if (value.insights === undefined) return value;
  const { insights: _insights, ...rest } = value;
  return rest;
}

/**
 * Sends a campaign's delta to its room: whole to the node's clients that asked for insights, without them to the
 * others, each form encoded once; one form only when no client asked.
 */
export function broadcastDelta(io: PulseIo, room: string, delta: Delta): void {
  if (delta.insights === undefined || !io.sockets.adapter.rooms.get(insightRoom(room))?.size) {
    io.to(room).volatile.emit("delta", withoutInsights(delta));
    return;
  }
  io.to(room).except(insightRoom(room)).volatile.emit("delta", withoutInsights(delta));
  io.to(insightRoom(room)).volatile.emit("delta", delta);
}

/** The message of the `connect_error` a client gets for an unknown or archived campaign. */
export const UNKNOWN_CAMPAIGN = "unknown campaign";

/**
 * Wires the campaigns to the Socket.IO server. A client names its campaign in the handshake
 * (`io({ auth: { campaign: id } })`; none: the default, `channel(undefined)`), and gets `connect_error` with
 * {@link UNKNOWN_CAMPAIGN} when `channel` knows no such campaign. It joins its campaign's room, where that
 * campaign's relay broadcasts, and gets on connect its snapshot, the health and its campaign's notice; a `resync`
 * is answered with its campaign's snapshot. `campaign()` is read at each connect, so an edit reaches new clients.
 */
export function attachCampaigns(
  io: PulseIo,
  options: Pick<SocketServerOptions, "onClientCount"> & {
    health: () => LiveHealth;
    channel: (id: string | undefined) => CampaignChannel | undefined;
  },
): void {
  io.use((socket, next) => {
    const requested: unknown = (socket.handshake.auth as { campaign?: unknown } | undefined)?.campaign;
    const named = requested === undefined || requested === null || requested === "" ? undefined : requested;
    if (named !== undefined && typeof named !== "string") return next(new Error(UNKNOWN_CAMPAIGN));
    const channel = options.channel(named);
    if (!channel) return next(new Error(UNKNOWN_CAMPAIGN));
    socket.data.campaign = named;
    socket.data.insights = (socket.handshake.auth as { insights?: unknown } | undefined)?.insights === true;
    next();
  });
  io.on("connection", (socket) => {
    // Looked up again: the campaign may have been archived during the handshake.
    const channel = options.channel(socket.data.campaign);
    if (!channel) {
      socket.disconnect(true);
      return;
    }
    socket.data.connectedAt = Date.now();
    void socket.join(socket.data.insights ? [channel.room, insightRoom(channel.room)] : channel.room);
    options.onClientCount?.(io.engine.clientsCount);
    const snapshot = () => (socket.data.insights ? channel.relay.snapshot() : withoutInsights(channel.relay.snapshot()));
    socket.emit("snapshot", snapshot());
    socket.emit("health", options.health());
    socket.emit("campaign", campaignNotice(channel.campaign()));
    socket.on("resync", (ack: unknown) => {
      if (typeof ack !== "function") return;
      (ack as (s: ReturnType<Relay["snapshot"]>) => void)(snapshot());
    });
    socket.on("disconnect", () => options.onClientCount?.(io.engine.clientsCount));
  });
}

/**
 * Tells a campaign's clients that it was archived, then disconnects them: a client does not reconnect after a
 * server-side disconnect, and one that tries gets `connect_error` with {@link UNKNOWN_CAMPAIGN}.
 */
export function closeCampaign(io: PulseIo, room: string, id: string): void {
  io.to(room).emit("archived", { id });
  io.in(room).disconnectSockets(true);
}

/**
 * Tells every connected client that the node's campaign is now `campaign`: each page whose campaign has
 * another revision fetches `GET /api/campaign` again. Call it when the store reports a campaign change.
 */
export function announceCampaign(io: PulseIo, campaign: Campaign): void {
  io.emit("campaign", campaignNotice(campaign));
}
