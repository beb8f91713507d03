/**
 * The naive baseline a team would write first: express + socket.io, one Redis PUBLISH per ingested post, and a
 * subscriber that relays each message with one `io.emit` (the socket.io redis-adapter style). It keeps no
 * counters, so it does less Redis work per post than Pulse: the comparison is in its favour.
 * Run: node naive-server.js <port> <redisUrl> <channel>
 */
import { createServer } from "node:http";
import { monitorEventLoopDelay } from "node:perf_hooks";
import express from "express";
import { createClient } from "redis";
import { Server } from "socket.io";

const [portArg, redisUrl = "redis://127.0.0.1:6379", channel = "naive:posts"] = process.argv.slice(2);
const app = express();
const http = createServer(app);
const io = new Server(http, { transports: ["websocket"] });
const pub = createClient({ url: redisUrl });
const sub = pub.duplicate();
pub.on("error", () => {});
sub.on("error", () => {});
await pub.connect();
await sub.connect();
await sub.subscribe(channel, (message) => {
  io.emit("post", JSON.parse(message));
});

const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();

app.use(express.json({ limit: "5mb" }));
app.get("/healthz", (_req, res) => {
  res.json({ status: "ok" });
});
app.get("/stats", (_req, res) => {
  const memory = process.memoryUsage();
  res.json({ heapUsed: memory.heapUsed, rss: memory.rss, lagP99Ms: lag.percentile(99) / 1e6 });
  lag.reset();
});
app.post("/api/ingest", async (req, res) => {
  const posts: unknown[] = Array.isArray(req.body) ? req.body : [req.body];
  try {
    await Promise.all(posts.map((post) => pub.publish(channel, JSON.stringify(post))));
    res.status(202).json({ accepted: posts.length, duplicates: 0, deleted: 0, ignored: 0, rejected: [] });
  } catch (err) {
    res.status(503).json({ error: String(err) });
  }
});

http.listen(Number(portArg ?? 0), "127.0.0.1");
const stop = (): void => {
  void io.close();
  void pub.quit().catch(() => {});
  void sub.quit().catch(() => {});
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
