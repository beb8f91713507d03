import { setImmediate as nextTurn } from "node:timers/promises";
import type { Delta } from "@pulse/shared";
import type { Logger } from "pino";
import { insightRoom, withoutInsights, type PulseIo } from "./socket-server.js";

/**
 * Most sockets one slice of a broadcast writes to before the loop takes its I/O again. A write costs about 13 µs a
 * socket on the 2-core bench machine, so a slice blocks the loop for about 15 ms, where 10,000 sockets at once
 * blocked it for 150–250 ms (docs/performance.md, the many-clients step against the write floor).
 */
export const BROADCAST_SLICE = 1_000;

/**
 * A campaign's broadcasts (its deltas and `sync`), in order. A room of at most `sliceSize` sockets gets each in one
 * `io.to(room)` emit, as before; a larger one gets it in slices of `sliceSize` sockets (`io.to(ids)`, each slice
 * encoded once), with a turn of the event loop between slices, so ingest requests and Redis replies that arrive
 * during a broadcast are read during it rather than after 10,000 writes. Broadcasts queue behind the one still
 * being sliced, so every client gets them in order. The sockets a broadcast goes to are those in the room when it
 * is sent: a client that joins later had the relay's snapshot, which already holds it.
 */
export class SlicedBroadcast {
  #tail: Promise<void> | undefined;

  constructor(
    private readonly io: PulseIo,
    private readonly room: string,
    private readonly sliceSize = BROADCAST_SLICE,
    private readonly logger?: Logger,
  ) {}

  /** Sends a delta: whole to the clients that asked for insights, without them to the others (volatile). */
  delta(delta: Delta): void {
    // One object for every slice: the measuring parser sizes each delta once, however many slices carry it.
    const plainDelta = withoutInsights(delta);
    this.#send((ids) => {
      const insights = this.io.sockets.adapter.rooms.get(insightRoom(this.room));
      if (delta.insights === undefined || !insights?.size) {
        this.io.to(ids ?? this.room).volatile.emit("delta", plainDelta);
      } else if (!ids) {
        this.io.to(this.room).except(insightRoom(this.room)).volatile.emit("delta", plainDelta);
        this.io.to(insightRoom(this.room)).volatile.emit("delta", delta);
      } else {
        const plain = ids.filter((id) => !insights.has(id));
        const whole = ids.filter((id) => insights.has(id));
        if (plain.length > 0) this.io.to(plain).volatile.emit("delta", plainDelta);
        if (whole.length > 0) this.io.to(whole).volatile.emit("delta", delta);
      }
    });
  }

  /** Sends the last delta's `seq` (volatile), after any delta still being sliced. */
  sync(seq: number): void {
    this.#send((ids) => this.io.to(ids ?? this.room).volatile.emit("sync", { seq }));
  }

  /** Resolves once every broadcast queued so far has been written to its last slice. */
  async flushed(): Promise<void> {
    while (this.#tail) await this.#tail;
  }

  /** `emit(undefined)`: to the whole room at once; `emit(ids)`: to those sockets. */
  #send(emit: (ids: string[] | undefined) => void): void {
    const members = this.io.sockets.adapter.rooms.get(this.room);
    if (!this.#tail && (members?.size ?? 0) <= this.sliceSize) {
      emit(undefined);
      return;
    }
    const ids = members ? [...members] : [];
    const queued = this.#tail !== undefined;
    const tail = (this.#tail ?? Promise.resolve())
      .then(async () => {
        for (let start = 0; start < ids.length; start += this.sliceSize) {
          // A turn between any two slices, a queued broadcast's first included: a volatile emit skips a socket
          // whose last write has not completed, and a write completes only once the loop turns.
          if (start > 0 || queued) await nextTurn();
          emit(ids.slice(start, start + this.sliceSize));
        }
      })
      .catch((err: unknown) => this.logger?.warn({ err }, "a sliced broadcast failed"));
    this.#tail = tail;
    void tail.finally(() => {
      if (this.#tail === tail) this.#tail = undefined;
    });
  }
}
