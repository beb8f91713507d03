/**
 * The benchmark's baseline client (`/wall?client=naive`, see apps/bench/src/web): what a team would write first.
 * On every `delta` it asks the server for the whole snapshot and `setState`s it, so every delta re-renders the
 * whole wall from a new object; the wall it feeds renders without the live wall's savings (`naiveRendering.ts`).
 * Not for screens: it has no seq checks, no resync on gaps and no reconnection state beyond the socket's own.
 */
import type { Snapshot } from "@pulse/shared/client";
import { useEffect, useState } from "react";
import type { LiveSnapshot } from "../../../hooks/useLiveSnapshot";
import { followOnPageSocket, type LiveFeedOptions } from "../../../lib/socket";

/** The naive counterpart of `useLiveSnapshot`, with the same return shape. */
export function useNaiveSnapshot(options: LiveFeedOptions = {}): LiveSnapshot {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const insights = options.insights === true;

  useEffect(
    () =>
      followOnPageSocket(
        (socket) => {
          const fetchAll = () => void socket.emit("resync", (whole: Snapshot) => setSnapshot(whole));
          socket.on("snapshot", setSnapshot);
          socket.on("delta", fetchAll);
          if (socket.connected) fetchAll();
          return () => {
            socket.off("snapshot", setSnapshot);
            socket.off("delta", fetchAll);
          };
        },
        { insights },
      ),
    [insights],
  );

  return { snapshot, status: snapshot ? "live" : "connecting", lastUpdate: null, reconnectAttempt: 0 };
}
