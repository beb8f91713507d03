/**
 * @pulse/shared: the typed models, Socket.IO event maps, aggregation core, campaign data and normalizers
 * used by every Pulse app. Browser code that must stay small imports `@pulse/shared/client` instead.
 */
export * from "./models.js";
export * from "./keys.js";
export * from "./excerpt.js";
export * from "./events.js";
export * from "./api.js";
export * from "./staff-accounts.js";
export * from "./ingest-tokens.js";
export * from "./endpoints.js";
export * from "./endpoint-schemas.js";
export * from "./blocklist-words.js";
export * from "./moderation-actions.js";
export * from "./aggregate.js";
export * from "./delta.js";
export * from "./feed-pace.js";
export * from "./moderation.js";
export * from "./attribute.js";
export * from "./normalize/index.js";
export * from "./campaign/index.js";
export * from "./job-offers.js";
export * from "./time-zone.js";
export * from "./media-hosts.js";
export * from "./insights.js";
export * from "./organization-links.js";
export * from "./post-insight.js";
export * from "./insight-book.js";
