/** Entry of `/embed/counter`: plain TypeScript and DOM, so the widget loads no React and no chart library. */
import { followCampaign } from "../../lib/campaignClient";
import { subscribeLive } from "../../lib/liveClient";
import { liveStatus } from "../../lib/liveState";
import { followOnPageSocket } from "../../lib/socket";
import { bootEmbed } from "../bootEmbed";
import { followEmbedStatus } from "../embedStatus";
import "../embed.css";
import "./counter.css";
import { counterContext, counterValue } from "./counterValue";
import { createCounterView } from "./counterView";

const { params, i18n, root } = bootEmbed("counter.title");
const view = createCounterView(root, i18n, params.country);

const badge = followEmbedStatus((status, ended) => view.setStatus(status, ended));

// Over the page's one socket, with the app's seq, resync and reconnect logic; no React is imported on the way.
followOnPageSocket((socket) =>
  subscribeLive(socket, (state) => {
    badge.setStatus(liveStatus(state));
    if (state.snapshot) view.setValue(counterValue(state.snapshot, params.country));
  }),
);

// The campaign only names what is counted (and follows it when it changes), and its end turns "live" into
// "ended"; the counter works without it.
followOnPageSocket((socket) =>
  followCampaign(socket, ({ campaign }) => {
    badge.setEnd(campaign?.end ?? null);
    view.setContext(campaign ? counterContext(campaign, params.country) : "");
  }),
);
