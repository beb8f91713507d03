/**
 * The testkit's live client over this contract's events and delta reducer: it keeps the state as a dashboard
 * does and fails over to the next node URL when its node goes away (see `@pulse/testkit/live-client`).
 */
import { LiveClient as TestkitLiveClient } from "@pulse/testkit/live-client";
import { applyDelta, type ClientToServerEvents, type Delta, type ServerToClientEvents, type Snapshot } from "@pulse/shared";

export { closeLiveClients, type LiveClientLog } from "@pulse/testkit/live-client";

/** A live client of a Pulse node; `new LiveClient({ urls })`. */
export class LiveClient extends TestkitLiveClient<Snapshot, Delta, ServerToClientEvents, ClientToServerEvents> {
  protected apply(state: Snapshot, delta: Delta): Snapshot {
    return applyDelta(state, delta);
  }
}
