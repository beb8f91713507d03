/**
 * Entry point of a live client in a process of its own (see client-process.ts), so that a test can freeze it
 * with SIGSTOP: a client that stops reading, with its socket still open. Node URLs come as argv[2] (JSON); it
 * answers `{ type: "report" }` over IPC with its state and log, and ends on `{ type: "close" }`.
 */
import { LiveClient } from "./live-client.js";

const urls = JSON.parse(process.argv[2] ?? "[]") as string[];
const client = new LiveClient({ urls });

process.on("message", (message: { type?: string }) => {
  if (message.type === "report") process.send?.({ type: "report", state: client.state ?? null, log: client.log, health: client.health ?? null });
  if (message.type === "close") {
    client.close();
    process.exit(0);
  }
});
// The test process went away: so does this client.
process.on("disconnect", () => process.exit(0));
