/**
 * A registry's JSON file in DATA_DIR (staff accounts, ingest tokens): read once at start and checked by its zod
 * schema, then written whole after each write, one write after the other, readable by the node's user only.
 */
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { readJsonFile, writeFileAtomic } from "./state-file.js";

/** One registry file; with no DATA_DIR it reads nothing and writes nothing. */
export class RegistryFile<S extends z.ZodType> {
  readonly #file: string | undefined;
  /** Saves run one after the other, so an older save never lands over a newer one. */
  #saving: Promise<void> = Promise.resolve();

  /** `what` names the file in errors ("accounts", "ingest tokens"). */
  constructor(
    dataDir: string | undefined,
    name: string,
    private readonly schema: S,
    private readonly what: string,
  ) {
    const dir = dataDir?.trim();
    this.#file = dir ? path.resolve(dir, name) : undefined;
  }

  /** The file's content, or undefined when there is no DATA_DIR or no file yet; rejects naming what is wrong. */
  async read(): Promise<z.output<S> | undefined> {
    const file = this.#file;
    if (!file) return undefined;
    const json = await readJsonFile(file, (reason) => `${this.what} file ${file} is not JSON (${reason})`);
    if (json === undefined) return undefined;
    const parsed = this.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${this.what} file ${file} is not a Pulse ${this.what} file: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    return parsed.data;
  }

  /** Writes `content` whole (mode 0600: the file may hold secrets' hashes), after the saves before it. */
  save(content: z.input<S>): Promise<void> {
    const file = this.#file;
    if (!file) return Promise.resolve();
    const text = JSON.stringify(content);
    const save = this.#saving.catch(() => undefined).then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFileAtomic(file, text, 0o600);
    });
    this.#saving = save.catch(() => undefined);
    return save;
  }

  /** Resolves once every save started has ended. */
  async settled(): Promise<void> {
    await this.#saving;
  }
}
