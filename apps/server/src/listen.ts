import type { AddressInfo } from "node:net";
import type { PulseApp } from "./app.js";

/** Why a port cannot be listened on, in words that say what to change; other errors as they are. */
function listenError(err: NodeJS.ErrnoException, port: number, host: string | undefined): Error {
  const where = `${host ?? "all interfaces"}:${port}`;
  if (err.code === "EADDRINUSE") return new Error(`PORT=${port} is in use (${where}): stop what listens there, or set PORT to another port`);
  if (err.code === "EACCES") return new Error(`PORT=${port} needs privileges to listen on (${where}): use a port above 1023, such as 3000`);
  if (err.code === "EADDRNOTAVAIL") return new Error(`HOST=${host ?? ""} is not an address of this machine: unset it to listen on all interfaces`);
  return err;
}

/** Starts listening on `port` (0 = any free port) and resolves to the port chosen. */
export async function listen(pulse: Pick<PulseApp, "httpServer">, port: number, host?: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => reject(listenError(err, port, host));
    pulse.httpServer.once("error", fail);
    pulse.httpServer.listen(port, host, () => {
      pulse.httpServer.off("error", fail);
      resolve();
    });
  });
  return (pulse.httpServer.address() as AddressInfo).port;
}
