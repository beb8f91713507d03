import { ConfigError, loadConfig } from "./config.js";
import { createApp } from "./app.js";
import { listen, listenMetrics } from "./listen.js";
import { noSourceHint, startupLine } from "./startup-line.js";

/** Stops with one line on stderr, and no stack: what an operator reads when a start goes wrong. */
function fail(message: string, code: number): never {
  process.stderr.write(`pulse: ${message}\n`);
  process.exit(code);
}

/** Starts one Pulse node and listens on `PORT`. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 2);
    throw err;
  }
  const pulse = await createApp(config);
  await pulse.start();
  const port = await listen(pulse, config.PORT, config.HOST);
  const metricsPort = await listenMetrics(pulse);
  if (metricsPort !== undefined) pulse.logger.info({ metricsPort }, `metrics on http://${config.METRICS_HOST.includes(":") ? `[${config.METRICS_HOST}]` : config.METRICS_HOST}:${metricsPort}/metrics`);
  const { msg, fields } = startupLine(config, { port, store: pulse.store.kind, campaign: pulse.campaign });
  pulse.logger.info(fields, msg);
  const hint = noSourceHint(config);
  if (hint) pulse.logger.warn(hint);

  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    pulse.logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void pulse.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err), 1));
