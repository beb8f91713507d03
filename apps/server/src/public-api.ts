/** What other workspaces (end-to-end tests, the benchmark) import from the server. */
export { createApp, type PulseApp, type CreateAppOptions } from "./app.js";
export { listen, listenMetrics } from "./listen.js";
export { configFrom, ENV_VARIABLES, loadConfig, type Config } from "./config.js";
