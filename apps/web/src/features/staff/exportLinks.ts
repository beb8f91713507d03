/** The CSV export links of the console (docs/staff-api.md, Exports), from the shared endpoint table. */
import { pathOf } from "./staffApi";

/** The exports, and the endpoint of each. */
const EXPORT_ENDPOINTS = { posts: "exportPosts", aggregates: "exportAggregates", insights: "exportInsights" } as const;

/** The exports. */
export type ExportFile = keyof typeof EXPORT_ENDPOINTS;

/** The files, in the order the console lists them. */
export const EXPORT_FILES: readonly ExportFile[] = ["posts", "aggregates", "insights"];

/**
 * The URL of an export, of the campaign the console acts on; `excel` asks for a UTF-8 byte order mark, which Excel
 * needs to show accents.
 */
export function exportHref(file: ExportFile, options: { excel?: boolean } = {}): string {
  return pathOf(EXPORT_ENDPOINTS[file], options.excel ? { query: { bom: "1" } } : {});
}
