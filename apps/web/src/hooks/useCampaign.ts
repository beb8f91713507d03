import { useEffect, useState } from "react";
import { followCampaign, type CampaignState } from "../lib/campaignClient";
import { followOnPageSocket } from "../lib/socket";

export type { CampaignState } from "../lib/campaignClient";

/**
 * The campaign (`GET /api/campaign`): its name, brand, goal, hashtags, organizations and time zone. Loaded on
 * mount and again, with no reload, whenever the node says it changed: on a reconnect to a node restarted on
 * another campaign, or an edit (see `followCampaign`). Uses the page's one socket; everything is released on
 * unmount.
 */
export function useCampaign(): CampaignState {
  const [state, setState] = useState<CampaignState>({ campaign: null, error: null });

  useEffect(() => followOnPageSocket((socket) => followCampaign(socket, setState)), []);

  return state;
}
