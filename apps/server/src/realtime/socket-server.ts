import type { Server as HttpServer } from "node:http";
import { Server, type ServerOptions } from "socket.io";
import type {
  Campaign,
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

/**
 * Wires a relay to the Socket.IO server: snapshot, health and the campaign's notice on connect, snapshot as
 * the `resync` acknowledgement. `campaign` is read at each connect, so a node whose campaign changes tells
 * new clients the new one (and {@link announceCampaign} tells those already connected).
 */
export function attachRelay(
  io: PulseIo,
  relay: Relay,
  options: Pick<SocketServerOptions, "onClientCount"> & { health: () => LiveHealth; campaign: () => Campaign },
): void {
  io.on("connection", (socket) => {
    socket.data.connectedAt = Date.now();
    options.onClientCount?.(io.engine.clientsCount);
    socket.emit("snapshot", relay.snapshot());
    socket.emit("health", options.health());
    socket.emit("campaign", campaignNotice(options.campaign()));
    socket.on("resync", (ack: unknown) => {
      if (typeof ack !== "function") return;
      (ack as (s: ReturnType<Relay["snapshot"]>) => void)(relay.snapshot());
    });
    socket.on("disconnect", () => options.onClientCount?.(io.engine.clientsCount));
  });
}

/**
 * Tells every connected client that the node's campaign is now `campaign`: each page whose campaign has
 * another revision fetches `GET /api/campaign` again. Call it when the store reports a campaign change.
 */
export function announceCampaign(io: PulseIo, campaign: Campaign): void {
  io.emit("campaign", campaignNotice(campaign));
}
