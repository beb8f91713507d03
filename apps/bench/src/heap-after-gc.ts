import CDP from "chrome-remote-interface";

/**
 * The live heap of a Node process started with `--inspect=127.0.0.1:<port>`: a full garbage collection through
 * the inspector, then `Runtime.getHeapUsage`. Heap used read from metrics at a random moment also counts garbage
 * not yet collected, which swamps a per-client figure of a few KB.
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
