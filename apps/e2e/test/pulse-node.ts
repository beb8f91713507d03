import { pino } from "pino";
import { configFrom, createApp, listen, type PulseApp } from "@pulse/server";

/** A built Pulse node (server and web app from their dist folders) on a free port. */
export interface BrowserTestNode {
  pulse: PulseApp;
  url: string;
  close(): Promise<void>;
}

/** Starts a node as `npm start` would, but on port 0 and with the given environment. */
export async function startNode(env: Record<string, string>): Promise<BrowserTestNode> {
  const pulse = await createApp(configFrom(env), { logger: pino({ level: "silent" }) });
  await pulse.start();
  const port = await listen(pulse, 0, "127.0.0.1");
  return { pulse, url: `http://127.0.0.1:${port}`, close: () => pulse.close() };
}
