import { pino } from "pino";
import { configFrom, createApp, listen, type PulseApp } from "@pulse/server";

/** A built Pulse node (server and web app from their dist folders) on a free port. */
export interface BrowserTestNode {
  pulse: PulseApp;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a node as `npm start` would, but with the given environment, on 127.0.0.1 and `port` (0, the
 * default, picks a free one; a fixed port lets a test bring a node back where a previous one was).
 */
export async function startNode(env: Record<string, string>, port = 0): Promise<BrowserTestNode> {
  const pulse = await createApp(configFrom(env), { logger: pino({ level: "silent" }) });
  await pulse.start();
  const bound = await listen(pulse, port, "127.0.0.1");
  return { pulse, url: `http://127.0.0.1:${bound}`, close: () => pulse.close() };
}
