import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { PulseApp } from "./app.js";

/** The variables that set a listener's port and address, for error messages. */
interface ListenerNames {
  port: string;
  host: string;
  example: number;
}

const PUBLIC: ListenerNames = { port: "PORT", host: "HOST", example: 3000 };
const METRICS: ListenerNames = { port: "METRICS_PORT", host: "METRICS_HOST", example: 9464 };

/** Why a port cannot be listened on, in words that say what to change; other errors as they are. */
function listenError(err: NodeJS.ErrnoException, port: number, host: string | undefined, names: ListenerNames): Error {
  const where = `${host ?? "all interfaces"}:${port}`;
  if (err.code === "EADDRINUSE") return new Error(`${names.port}=${port} is in use (${where}): stop what listens there, or set ${names.port} to another port`);
  if (err.code === "EACCES") return new Error(`${names.port}=${port} needs privileges to listen on (${where}): use a port above 1023, such as ${names.example}`);
  if (err.code === "EADDRNOTAVAIL") {
    return new Error(`${names.host}=${host ?? ""} is not an address of this machine: ${names === PUBLIC ? "unset it to listen on all interfaces" : "unset it to listen on 127.0.0.1"}`);
  }
  return err;
}

async function listenOn(server: Server, port: number, host: string | undefined, names: ListenerNames): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => reject(listenError(err, port, host, names));
    server.once("error", fail);
    server.listen(port, host, () => {
      server.off("error", fail);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Starts listening on `port` (0 = any free port) and resolves to the port chosen. */
export async function listen(pulse: Pick<PulseApp, "httpServer">, port: number, host?: string): Promise<number> {
  return listenOn(pulse.httpServer, port, host, PUBLIC);
}

/**
 * With METRICS_PORT, starts the metrics listener on `METRICS_HOST:METRICS_PORT` and resolves to its port; without
 * it, to undefined. `close()` of the node closes it.
 */
export async function listenMetrics(pulse: Pick<PulseApp, "metricsServer" | "config">): Promise<number | undefined> {
  if (!pulse.metricsServer || pulse.config.METRICS_PORT === undefined) return undefined;
  return listenOn(pulse.metricsServer, pulse.config.METRICS_PORT, pulse.config.METRICS_HOST, METRICS);
}
