/**
 * A live client (live-client.ts) running in a child process, so a test can SIGSTOP it: the process keeps its
 * TCP connection open but reads nothing, as a frozen browser tab or a client on a choked link does.
 */
import { fork } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Snapshot } from "@pulse/shared";
import { ChildSet } from "./child-set.js";
import type { LiveClientLog } from "./live-client.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
// The child is TypeScript: run it through tsx's loader, resolved from here so the working directory does not matter.
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** What the child client reports. */
export interface ClientReport {
  state: Snapshot | null;
  log: LiveClientLog;
  health: string | null;
}

/** A live client in a child process. */
export interface ClientProcess {
  pid: number;
  /** SIGSTOP: it stops reading. */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
  /** Asks for its state and log (waits while it is paused). */
  report(timeoutMs?: number): Promise<ClientReport>;
  /** Ends it. */
  stop(): Promise<void>;
}

const running = new ChildSet();

/** Starts a live client in a child process, connected to the first of `urls`. */
export function startClientProcess(urls: string[]): ClientProcess {
  const child = fork(path.join(HERE, "client-child.ts"), [JSON.stringify(urls)], {
    execArgv: ["--import", TSX],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    pid: child.pid ?? -1,
    pause: () => void child.kill("SIGSTOP"),
    resume: () => void child.kill("SIGCONT"),
    report: (timeoutMs = 5000) =>
      new Promise<ClientReport>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off("message", onMessage);
          reject(new Error(`client process ${child.pid} did not report within ${timeoutMs} ms`));
        }, timeoutMs);
        const onMessage = (message: { type?: string } & ClientReport) => {
          if (message.type !== "report") return;
          clearTimeout(timer);
          child.off("message", onMessage);
          resolve(message);
        };
        child.on("message", onMessage);
        child.send({ type: "report" });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGCONT");
        child.kill("SIGKILL");
      }
      await exited;
    },
  };
}

/** Ends every client process still running. */
export async function stopClientProcesses(): Promise<void> {
  await running.killAll();
}
