import { z } from "zod";
import { CampaignSchema } from "../models.js";

const CampaignStatusSchema = z.enum(["scheduled", "live", "ended"]);

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
export const StaffCampaignEntrySchema = z.object({
  campaign: CampaignSchema,
  status: CampaignStatusSchema,
  default: z.boolean(),
  archived: z.boolean(),
  /** Bumped by every write to the campaign. */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A campaign as the staff console lists it. */
export type StaffCampaignEntry = z.infer<typeof StaffCampaignEntrySchema>;

/** A 400 answer of the campaign API: `error` in one line, and each bad field with what was expected. */
export interface CampaignIssuesBody {
  error: string;
  issues: { path: string; message: string }[];
}
