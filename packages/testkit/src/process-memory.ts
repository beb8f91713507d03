/**
 * A Node process's memory read from outside it, for the benchmark, the soak and the fuzz tests: its resident
 * memory from /proc, and its live heap after a full GC through its inspector.
 */
import { readFile } from "node:fs/promises";
import CDP from "chrome-remote-interface";

/** Resident memory of a process, in bytes, read from `/proc/<pid>/status`. */
export interface Resident {
  /** `VmRSS`: resident now. */
  rss: number;
  /** `VmHWM`: the most it was ever resident. */
  peak: number;
}

/** Reads `VmRSS` and `VmHWM` of `pid` (Linux). */
export async function residentMemory(pid: number): Promise<Resident> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kib = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(status);
    if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]) * 1024;
  };
  return { rss: kib("VmRSS"), peak: kib("VmHWM") };
}

/**
 * The live heap of a Node process started with `--inspect=127.0.0.1:<port>`: a full garbage collection through
 * the inspector, then `Runtime.getHeapUsage`. A heap or RSS figure read at a random moment also counts garbage
 * not yet collected, which at a high `SIM_SPEED` swings by tens of MB from one reading to the next.
 */
export async function heapAfterGc(inspectPort: number): Promise<number> {
  const client = await CDP({ host: "127.0.0.1", port: inspectPort });
  try {
    // Twice: the first collection can leave objects that only the second finds unreachable (weak callbacks).
    await client.HeapProfiler.collectGarbage();
    await client.HeapProfiler.collectGarbage();
    const { usedSize } = await client.Runtime.getHeapUsage();
    return usedSize;
  } finally {
    await client.close();
  }
}
