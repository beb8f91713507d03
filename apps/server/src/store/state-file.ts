import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { PostKindSchema, PostSchema, TotalsSchema, type AggregateState } from "@pulse/shared";

/** The embedded store's state as written to disk. Versioned, so a later format can refuse an old file clearly. */
const StateFileSchema = z.object({
  format: z.literal(1),
  campaign: z.string(),
  rev: z.number().int().nonnegative(),
  savedAt: z.string(),
  totals: TotalsSchema,
  records: z.array(
    z.tuple([
      z.string(),
      z.object({
        country: z.string(),
        orgId: z.string().optional(),
        minute: z.number(),
        kind: PostKindSchema,
        version: z.number(),
        deleted: z.boolean(),
      }),
    ]),
  ),
  authors: z.array(z.string()),
  byCountry: z.array(z.tuple([z.string(), z.number()])),
  byOrganization: z.array(z.tuple([z.string(), z.number()])),
  timeline: z.array(z.tuple([z.number(), z.number()])),
  recent: z.array(PostSchema),
});

/** A state and the store revision it had. */
export interface SavedState {
  rev: number;
  state: AggregateState;
}

/** Writes the state atomically: a temporary file in the same folder, then a rename over the old one. */
export async function writeStateFile(file: string, { rev, state }: SavedState): Promise<void> {
  const body: z.input<typeof StateFileSchema> = {
    format: 1,
    campaign: state.campaign,
    rev,
    savedAt: new Date().toISOString(),
    totals: state.totals,
    records: [...state.records],
    authors: [...state.authors],
    byCountry: [...state.byCountry],
    byOrganization: [...state.byOrganization],
    timeline: [...state.timeline],
    recent: state.recent,
  };
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(body));
  await rename(tmp, file);
}

/**
 * Reads a state file written by `writeStateFile`. Resolves to undefined when there is none; rejects with a
 * message that names the file when it cannot be used (another campaign, a damaged file).
 */
export async function readStateFile(file: string, campaign: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  const parsed = StateFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`state file ${file} is not a Pulse state file: ${parsed.error.issues[0]?.message}`);
  const data = parsed.data;
  if (data.campaign !== campaign) throw new Error(`state file ${file} holds campaign ${data.campaign}, not ${campaign}`);
  return {
    rev: data.rev,
    state: {
      campaign: data.campaign,
      totals: data.totals,
      records: new Map(data.records),
      authors: new Set(data.authors),
      byCountry: new Map(data.byCountry),
      byOrganization: new Map(data.byOrganization),
      timeline: new Map(data.timeline),
      recent: data.recent,
    },
  };
}
