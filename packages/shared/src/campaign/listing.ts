import type { Campaign } from "../models.js";
import type { CampaignStatus } from "./status.js";

/** A campaign as `GET /api/campaigns` lists it (archived ones are left out). */
export interface CampaignSummary {
  id: string;
  name: string;
  start: string;
  end: string;
  timezone: string;
  status: CampaignStatus;
  /** The campaign the v1 paths and clients that name none see. */
  default: boolean;
}

/** A campaign as the staff console lists it (`GET /api/staff/campaigns`): archived ones included. */
export interface StaffCampaignEntry {
  campaign: Campaign;
  status: CampaignStatus;
  default: boolean;
  archived: boolean;
  /** Bumped by every write to the campaign. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A 400 answer of the campaign API: `error` in one line, and each bad field with what was expected. */
export interface CampaignIssuesBody {
  error: string;
  issues: { path: string; message: string }[];
}
