import type { AddressInfo } from "node:net";
import type { PulseApp } from "./app.js";

/** Starts listening on `port` (0 = any free port) and resolves to the port chosen. */
export async function listen(pulse: Pick<PulseApp, "httpServer">, port: number, host?: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    pulse.httpServer.once("error", reject);
    pulse.httpServer.listen(port, host, () => {
      pulse.httpServer.off("error", reject);
      resolve();
    });
  });
  return (pulse.httpServer.address() as AddressInfo).port;
}
