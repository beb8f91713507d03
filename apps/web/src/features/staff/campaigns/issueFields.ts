/**
 * Places the campaign API's 400 `issues` (`{ path, message }`, `path` dot-separated: `hashtags.2.country`) beside
 * the editor's fields. Each field of the editor is named by the path of the value it edits, so an issue goes to
 * its own field, or else to the nearest field that holds it (`brand` for a `brand` issue with no field of its
 * own, `organizations` for the list as a whole); what no field holds is shown above the form.
 */

/** One problem the campaign API names. */
export interface CampaignFieldIssue {
  path: string;
  message: string;
}

/** The issues by the field they are shown beside, and those shown above the form. */
export interface PlacedIssues {
  byField: ReadonlyMap<string, readonly string[]>;
  unplaced: readonly CampaignFieldIssue[];
}

/** The editor field an issue at `path` belongs to: `path` itself, else its nearest parent among `fields`; else null. */
export function fieldOfIssue(path: string, fields: ReadonlySet<string>): string | null {
  const parts = path.split(".").filter((part) => part !== "");
  for (let length = parts.length; length > 0; length -= 1) {
    const candidate = parts.slice(0, length).join(".");
    if (fields.has(candidate)) return candidate;
  }
  return null;
}

/** Groups `issues` by {@link fieldOfIssue}, in the order the API gave them. */
export function placeIssues(issues: readonly CampaignFieldIssue[], fields: ReadonlySet<string>): PlacedIssues {
  const byField = new Map<string, string[]>();
  const unplaced: CampaignFieldIssue[] = [];
  for (const issue of issues) {
    const field = fieldOfIssue(issue.path, fields);
    if (field === null) unplaced.push(issue);
    else byField.set(field, [...(byField.get(field) ?? []), issue.message]);
  }
  return { byField, unplaced };
}

/** The DOM id of a field's input, from its path (`hashtags.2.tag` → `campaign-hashtags-2-tag`). */
export function fieldInputId(field: string): string {
  return `campaign-${field.replace(/[^a-zA-Z0-9]+/g, "-")}`;
}

/** The DOM id of a field's error text, which its input names in `aria-describedby`. */
export function fieldErrorId(field: string): string {
  return `${fieldInputId(field)}-error`;
}

/** The columns of an organization row, as paths within the organization (handles are under `handles`). */
const ORGANIZATION_FIELDS = ["id", "name", "country", "kind", "sector", "handles.x", "handles.mastodon", "handles.bluesky"] as const;

/** Every field the editor shows for a draft with `hashtags` and `organizations` rows, by the path it edits. */
export function editorFields(rows: { hashtags: number; organizations: number }): Set<string> {
  const fields = new Set(["id", "name", "timezone", "start", "end", "hashtags", "goal", "goal.posts", "goal.country", "goal.label"]);
  for (const field of ["brand", "brand.primary", "brand.accent", "feedPace", "retentionDays", "mediaApproval", "notes", "organizations"]) fields.add(field);
  for (let i = 0; i < rows.hashtags; i += 1) {
    fields.add(`hashtags.${i}.tag`);
    fields.add(`hashtags.${i}.country`);
  }
  for (let i = 0; i < rows.organizations; i += 1) {
    fields.add(`organizations.${i}`);
    for (const field of ORGANIZATION_FIELDS) fields.add(`organizations.${i}.${field}`);
  }
  return fields;
}
