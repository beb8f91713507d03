import type { IngestRejection } from "@pulse/shared";

/** A body split into items, each with its 0-based array position or line number. */
export interface ParsedBody {
  items: { index: number; value: unknown }[];
  rejected: IngestRejection[];
  /** Set when the body as a whole could not be read. */
  error?: string;
  /** Set when the body holds more than `MAX_INGEST_ITEMS` items: it is refused whole, before any item is read. */
  tooManyItems?: string;
}

/**
 * The most items one request may carry. Each item gets its own line in the answer, and a body of millions of
 * tiny items (`[0,0,…]`) would make an answer of hundreds of MB; real batches are far smaller.
 */
export const MAX_INGEST_ITEMS = 10_000;

function tooMany(count: number): ParsedBody {
  return {
    items: [],
    rejected: [],
    tooManyItems: `too many items: ${count} in the body; expected at most ${MAX_INGEST_ITEMS} per request, so split the batch`,
  };
}

function describeJsonError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Parses an `application/json` body: one item or an array of items. */
export function parseJsonBody(text: string): ParsedBody {
  if (text.trim() === "") return { items: [], rejected: [], error: "empty body: expected a JSON item or an array of items" };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return {
      items: [],
      rejected: [],
      error: `body is not valid JSON (${describeJsonError(err)}): expected a JSON item or an array of items`,
    };
  }
  const list = Array.isArray(value) ? value : [value];
  if (list.length > MAX_INGEST_ITEMS) return tooMany(list.length);
  return { items: list.map((item, index) => ({ value: item, index })), rejected: [] };
}

/**
 * Parses an `application/x-ndjson` body: one JSON item a line. Blank lines and bare `\r` keep-alives are
 * skipped but still count as lines, so `index` is the line number a caller sees.
 */
export function parseNdjsonBody(text: string): ParsedBody {
  const parsed: ParsedBody = { items: [], rejected: [] };
  const lines = text.split("\n");
  let count = 0;
  for (const line of lines) if (line.trim() !== "") count += 1;
  if (count > MAX_INGEST_ITEMS) return tooMany(count);
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? "").trim();
    if (line === "") continue;
    try {
      parsed.items.push({ index, value: JSON.parse(line) });
    } catch (err) {
      parsed.rejected.push({ index, error: `line is not valid JSON (${describeJsonError(err)}): expected one JSON item a line` });
    }
  }
  if (parsed.items.length === 0 && parsed.rejected.length === 0) {
    parsed.error = "empty body: expected one JSON item a line";
  }
  return parsed;
}
