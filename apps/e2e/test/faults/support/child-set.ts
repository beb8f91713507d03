/** The child processes a support module starts, so that none outlives a test or the test process. */
import type { ChildProcess } from "node:child_process";

/** A set of running children: each leaves it when it exits, and all still in it are SIGKILLed if the test process exits. */
export class ChildSet {
  readonly #children = new Set<ChildProcess>();

  constructor() {
    process.once("exit", () => {
      for (const child of this.#children) child.kill("SIGKILL");
    });
  }

  /** Tracks `child` until it exits. */
  add(child: ChildProcess): void {
    this.#children.add(child);
    child.once("exit", () => this.#children.delete(child));
  }

  /** Stops tracking a child that will never exit (it failed to start). */
  forget(child: ChildProcess): void {
    this.#children.delete(child);
  }

  /** Kills every child still running, paused ones too, and resolves once all have exited. */
  async killAll(): Promise<void> {
    await Promise.all(
      [...this.#children].map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once("exit", () => resolve());
            // A stopped process would not act on a signal until continued.
            child.kill("SIGCONT");
            child.kill("SIGKILL");
          }),
      ),
    );
  }
}
