import { z } from "zod";
import { CampaignSchema } from "../models.js";
import { CAMPAIGN_STATUSES } from "./status.js";

const CampaignStatusSchema = z.enum(CAMPAIGN_STATUSES);

/** A stored campaign definition and what the registries keep beside it (DATA_DIR/campaigns.json, Redis). */
export const CampaignRecordSchema = z.object({
  campaign: CampaignSchema,
  /** Archived: off every public list and route, its data kept; `unarchive` brings it back. */
  archived: z.boolean(),
  /** Bumped by every write to this record, so a node can tell an edit it has already applied. */
  version: z.number().int().positive(),
  /** ISO times of creation and of the last edit. */
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A stored campaign definition and what the registries keep beside it. */
export type CampaignRecord = z.infer<typeof CampaignRecordSchema>;

/** A campaign as `GET /api/campaigns` lists it (archived ones are left out). */
export const CampaignSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  start: z.string(),
  end: z.string(),
  timezone: z.string(),
  status: CampaignStatusSchema,
  /** The campaign the v1 paths and clients that name none see. */
  default: z.boolean(),
});
/** A campaign as `GET /api/campaigns` lists it. */
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;

/** A campaign as the staff console lists it (`GET /api/staff/campaigns`): archived ones included. */
export const StaffCampaignEntrySchema = CampaignRecordSchema.extend({ status: CampaignStatusSchema, default: z.boolean() });
/** A campaign as the staff console lists it. */
export type StaffCampaignEntry = z.infer<typeof StaffCampaignEntrySchema>;

/** A 400 answer of the campaign API: `error` in one line, and each bad field with what was expected. */
export interface CampaignIssuesBody {
  error: string;
  issues: { path: string; message: string }[];
}

/**
 * Where a campaign's recount stands (`POST`/`GET /api/staff/campaigns/:id/recount`): `idle` when none ran since the
 * node started, `running` with `done` of `total` stored posts read so far, then `done` or `failed` (with `error`).
 * A recount re-attributes every stored post under the campaign's current definition; live ingest goes on meanwhile.
 */
export const RecountStatusSchema = z.object({
  campaign: z.string(),
  state: z.enum(["idle", "running", "done", "failed"]),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** The staff member who started it. */
  actor: z.string().nullable(),
  error: z.string().optional(),
});
/** Where a campaign's recount stands. */
export type RecountStatus = z.infer<typeof RecountStatusSchema>;
