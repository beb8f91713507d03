/**
 * The browser's slice of @pulse/shared: types, event maps, the HTTP endpoint table, `applyDelta`,
 * `oneLineExcerpt` and `zoneOffsetMs`, without zod or campaign data, so that small embeds stay small.
 */
export type * from "./models.js";
export type * from "./events.js";
export type * from "./api.js";
export type * from "./staff-accounts.js";
export type * from "./ingest-tokens.js";
export { INGEST_TOKEN_NAME_MAX, INGEST_TOKEN_PREFIX } from "./ingest-token-limits.js";
export type * from "./insights.js";
export { INSIGHT_LIST_LIMIT, INSIGHT_LISTS, INSIGHT_MAPS, UNKNOWN_LANGUAGE, emptyInsights } from "./insight-lists.js";
export { normalizeTag } from "./attribute.js";
export { ENDPOINTS, STAFF_PREFIX, STAFF_ROLES, endpointPath, roleAllows } from "./endpoints.js";
export { POST_ACTIONS, AUTHOR_ACTIONS, MODERATION_ACTIONS } from "./moderation-actions.js";
export type * from "./moderation-actions.js";
export type * from "./endpoints.js";
export { postKey, authorKey, minuteOf } from "./keys.js";
export { oneLineExcerpt } from "./excerpt.js";
export { applyDelta, applyInsightsChange, mergeChanges, emptyChange, isEmptyChange, RECENT_LIMIT, type Change } from "./delta.js";
export { UNKNOWN_COUNTRY } from "./aggregate.js";
export { zoneOffsetMs } from "./time-zone.js";
export { retentionAt } from "./campaign/status.js";
export { NETWORK_MEDIA_HOSTS, isAllowedMediaUrl } from "./media-hosts.js";
