/**
 * Entry of `/embed/map`: plain TypeScript and DOM, like the counter, so the widget loads no React and no
 * chart library; the countries come as ready-drawn SVG paths (`virtual:europe-map`), not as d3 code.
 */
import "../../components/map/map.css";
import { createMapView } from "../../components/map/mapView";
import { followCampaign } from "../../lib/campaignClient";
import { campaignEnded, clockNow, onServerClock, serverClock } from "../../lib/campaignClock";
import { subscribeLive } from "../../lib/liveClient";
import { liveStatus, type LiveStatus } from "../../lib/liveState";
import { followOnPageSocket } from "../../lib/socket";
import { bootEmbed } from "../bootEmbed";
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
const map = createMapView({
  title: t("map.title"),
  country: t("countries.column.country"),
  posts: t("countries.column.posts"),
  unknown: t("map.unknown"),
  offMap: t("map.offMap"),
  countryName: (code) => format.country(code, t("map.unknown")),
  number: (value) => format.number(value),
});
card.append(head, map.element);
root.replaceChildren(card);

// The badge reads "ended" once the campaign clock (the server's, simulated or real) has passed the campaign's end.
let status: LiveStatus = "connecting";
let end: string | null = null;
const showStatus = () => {
  const now = clockNow(serverClock(), performance.now(), Date.now());
  badge.update(status, campaignEnded(end === null ? null : { end }, now));
};
onServerClock(showStatus);
setInterval(showStatus, 1_000);

// Over the page's one socket, with the app's seq, resync and reconnect logic.
followOnPageSocket((socket) =>
  subscribeLive(socket, (state) => {
    status = liveStatus(state);
    showStatus();
    if (state.snapshot) map.update(state.snapshot.byCountry);
  }),
);

// The campaign names the map (its name under the title) and its end turns "live" into "ended".
followOnPageSocket((socket) =>
  followCampaign(socket, ({ campaign }) => {
    end = campaign?.end ?? null;
    subtitle.textContent = campaign?.name ?? "";
    showStatus();
  }),
);
