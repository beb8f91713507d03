/** Commands the main process sends a client worker. */
export type WorkerCommand =
  | { type: "open"; url: string; count: number; addresses: string[]; campaign?: string }
  | { type: "stats" }
  | { type: "close" };

/** What a client worker answers. */
export type WorkerReply =
  | { type: "ready" }
  | { type: "opened"; opened: number; failed: number; open: number }
  | { type: "stats"; bytes: number; messages: number; deltaBytes: number; deltas: number; deltaSizes: number[]; open: number; lagP99Ms: number; lagMaxMs: number }
  | { type: "closed" };
