import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";

/** A child process the bench started; every one is killed at the end, even on failure. */
export interface Child {
  name: string;
  process: ChildProcess;
  /** The tail of its stdout and stderr, for error messages. */
  output(): string;
}

const children = new Set<Child>();

/**
 * Starts `node <args>` with exactly `env` (plus PATH, and Pulse's ingest rate limit off), keeping an IPC channel
 * when `ipc` is set.
 */
export function spawnNode(name: string, args: string[], env: Record<string, string>, ipc = false): Child {
  const proc = spawn(process.execPath, args, {
    // The load generator posts far past a per-client ingest limit on purpose, from one IP with one token.
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", INGEST_RATE_LIMIT: "0", ...env },
    stdio: ipc ? ["ignore", "pipe", "pipe", "ipc"] : ["ignore", "pipe", "pipe"],
  });
  let tail = "";
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString()).slice(-4000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  const child: Child = { name, process: proc, output: () => tail };
  children.add(child);
  proc.once("exit", () => children.delete(child));
  return child;
}

/** Stops one child: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: Child, graceMs = 3_000): Promise<void> {
  const proc = child.process;
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  proc.kill("SIGTERM");
  const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Kills every child still running, by its own pid. Safe to call more than once. */
export async function stopAll(): Promise<void> {
  await Promise.all([...children].map((child) => stopChild(child)));
}

/** Kills every child synchronously; for the `exit` handler, where nothing can be awaited. */
export function killAllNow(): void {
  for (const child of children) child.process.kill("SIGKILL");
}

/** Polls `url` until it answers 200, or fails naming the child and its output. */
export async function waitHttp(url: string, child: Child, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${child.name} exited early:\n${child.output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

/** CPU seconds (user + system) and RSS bytes of a process, read from /proc. */
export async function processUsage(pid: number): Promise<{ cpuSeconds: number; rssBytes: number }> {
  const { readFile } = await import("node:fs/promises");
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the parenthesised command name; utime and stime are fields 14 and 15 (in clock ticks, 100 Hz).
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, rssBytes: rssKb * 1024 };
}
