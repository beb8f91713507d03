/**
 * Entry of `/embed/map`: plain TypeScript and DOM, like the counter, so the widget loads no React and no
 * chart library; the countries come as ready-drawn SVG paths (`virtual:europe-map`), not as d3 code.
 */
import "../../components/map/map.css";
import { createMapView, mapLabels } from "../../components/map/mapView";
import { followCampaign } from "../../lib/campaignClient";
import { subscribeLive } from "../../lib/liveClient";
import { liveStatus } from "../../lib/liveState";
import { followOnPageSocket } from "../../lib/socket";
import { bootEmbed } from "../bootEmbed";
import { followEmbedStatus } from "../embedStatus";
import "../embed.css";
import { createStatusBadge } from "../statusBadge";
import "./map.css";

const { i18n, root } = bootEmbed("map.title");
const { t, format } = i18n;

const card = document.createElement("section");
card.className = "card map-card";
card.dataset.testid = "embed-map";
const head = document.createElement("header");
head.className = "card__head";
const heading = document.createElement("div");
heading.className = "card__heading";
const title = document.createElement("h1");
title.className = "card__title";
title.textContent = t("map.title");
const subtitle = document.createElement("p");
subtitle.className = "card__subtitle";
heading.append(title, subtitle);
const badge = createStatusBadge(i18n);
head.append(heading, badge.element);
const map = createMapView(mapLabels(t, format));
card.append(head, map.element);
root.replaceChildren(card);

const status = followEmbedStatus((live, ended) => badge.update(live, ended));

// Over the page's one socket, with the app's seq, resync and reconnect logic.
followOnPageSocket((socket) =>
  subscribeLive(socket, (state) => {
    status.setStatus(liveStatus(state));
    if (state.snapshot) map.update(state.snapshot.byCountry);
  }),
);

// The campaign names the map (its name under the title) and its end turns "live" into "ended".
followOnPageSocket((socket) =>
  followCampaign(socket, ({ campaign }) => {
    status.setEnd(campaign?.end ?? null);
    subtitle.textContent = campaign?.name ?? "";
  }),
);
