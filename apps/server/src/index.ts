import { ConfigError, loadConfig } from "./config.js";
import { createApp } from "./app.js";
import { listen } from "./listen.js";

/** Starts one Pulse node and listens on `PORT`. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`pulse: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const pulse = await createApp(config);
  await pulse.start();
  const port = await listen(pulse, config.PORT, config.HOST);
  pulse.logger.info(
    { port, store: pulse.store.kind, sources: config.SOURCE, campaign: pulse.campaign.id },
    `Pulse listening on http://localhost:${port}`,
  );

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

main().catch((err: unknown) => {
  console.error(`pulse: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
