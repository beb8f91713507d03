/**
 * The positive counts of a `key → count` record, most first, then by key (so ties always fall the same way):
 * the order of every ranking the pages show (countries, organizations).
 */
export function rankedCounts(counts: Readonly<Record<string, number>>): [key: string, count: number][] {
  return Object.entries(counts)
    .filter(([, count]) => count > 0)
    .sort(([a, ca], [b, cb]) => cb - ca || a.localeCompare(b));
}
