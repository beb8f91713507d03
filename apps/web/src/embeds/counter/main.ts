/** Entry of `/embed/counter`: plain TypeScript and DOM, so the widget loads no React and no chart library. */
import { campaignEnded, clockNow, onServerClock, serverClock } from "../../lib/campaignClock";
import { liveStatus, type LiveStatus } from "../../lib/liveState";
import { bootEmbed } from "../bootEmbed";
import { followEmbedCampaign } from "../embedCampaign";
import { followLive } from "../embedLive";
import "../embed.css";
import "./counter.css";
import { counterContext, counterValue } from "./counterValue";
import { createCounterView } from "./counterView";

const { params, i18n, root } = bootEmbed("counter.title");
const view = createCounterView(root, i18n, params.country);

// The badge reads "ended" once the campaign clock (the server's, simulated or real) has passed the campaign's end.
let status: LiveStatus = "connecting";
let end: string | null = null;
const showStatus = () => {
  const now = clockNow(serverClock(), performance.now(), Date.now());
  view.setStatus(status, campaignEnded(end === null ? null : { end }, now));
};
onServerClock(showStatus);
setInterval(showStatus, 1_000);

followLive((state) => {
  status = liveStatus(state);
  showStatus();
  if (state.snapshot) view.setValue(counterValue(state.snapshot, params.country));
});

// The campaign only names what is counted (and follows it when it changes), and its end turns "live" into
// "ended"; the counter works without it.
followEmbedCampaign(({ campaign }) => {
  end = campaign?.end ?? null;
  showStatus();
  view.setContext(campaign ? counterContext(campaign, params.country) : "");
});
