import { followCampaign, type CampaignState } from "../lib/campaignClient";
import { acquireSocket, releaseSocket } from "../lib/socket";

/**
 * Follows the campaign for widgets drawn without React, over the page's one socket: loaded now and again
 * whenever the node says it changed (see `followCampaign`). `hooks/useCampaign.ts` does the same for React,
 * but importing anything from a module that imports React would put React into the counter's chunks.
 * Returns its cleanup.
 */
export function followEmbedCampaign(onChange: (state: CampaignState) => void): () => void {
  const socket = acquireSocket();
  const stop = followCampaign(socket, onChange);
  return () => {
    stop();
    releaseSocket();
  };
}
