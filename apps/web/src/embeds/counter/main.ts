/** Entry of `/embed/counter`: plain TypeScript and DOM, so the widget loads no React and no chart library. */
import { followCampaign } from "../../lib/campaignClient";
import { campaignEnded, clockNow, onServerClock, serverClock } from "../../lib/campaignClock";
import { subscribeLive } from "../../lib/liveClient";
import { liveStatus, type LiveStatus } from "../../lib/liveState";
import { followOnPageSocket } from "../../lib/socket";
import { bootEmbed } from "../bootEmbed";
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

// Over the page's one socket, with the app's seq, resync and reconnect logic; no React is imported on the way.
followOnPageSocket((socket) =>
  subscribeLive(socket, (state) => {
    status = liveStatus(state);
    showStatus();
    if (state.snapshot) view.setValue(counterValue(state.snapshot, params.country));
  }),
);

// The campaign only names what is counted (and follows it when it changes), and its end turns "live" into
// "ended"; the counter works without it.
followOnPageSocket((socket) =>
  followCampaign(socket, ({ campaign }) => {
    end = campaign?.end ?? null;
    showStatus();
    view.setContext(campaign ? counterContext(campaign, params.country) : "");
  }),
);
