/** Entry of `/embed/counter`: plain TypeScript and DOM, so the widget loads no React and no chart library. */
import { liveStatus } from "../../lib/liveState";
import { bootEmbed } from "../bootEmbed";
import { followEmbedCampaign } from "../embedCampaign";
import { followLive } from "../embedLive";
import "../embed.css";
import "./counter.css";
import { counterContext, counterValue } from "./counterValue";
import { createCounterView } from "./counterView";

const { params, i18n, root } = bootEmbed("counter.title");
const view = createCounterView(root, i18n, params.country);

followLive((state) => {
  view.setStatus(liveStatus(state));
  if (state.snapshot) view.setValue(counterValue(state.snapshot, params.country));
});

// The campaign only names what is counted (and follows it when it changes); the counter works without it.
followEmbedCampaign(({ campaign }) => view.setContext(campaign ? counterContext(campaign, params.country) : ""));
