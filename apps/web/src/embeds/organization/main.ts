/**
 * Entry of `/embed/organization?org=<id>`: one organization's posts, detected job offers and mentions, live, and
 * with `feed=on` its latest posts. Plain TypeScript and DOM, like the counter: no React.
 */
import type { Delta, Post, Snapshot } from "@pulse/shared/client";
import { followCampaign, UnknownCampaignError } from "../../lib/campaignClient";
import { subscribeLive } from "../../lib/liveClient";
import { liveStatus } from "../../lib/liveState";
import { followOnPageSocket } from "../../lib/socket";
import { bootEmbed } from "../bootEmbed";
import { followEmbedStatus } from "../embedStatus";
import "../embed.css";
import "./organization.css";
import { findOrganization, mergeOrgPosts, orgBrandColor, orgFigures, orgPostsLimit, parseOrgParams } from "./orgWidgetData";
import { createOrgView } from "./orgView";

const { params, i18n, root } = bootEmbed("org.title");
const { org, feed } = parseOrgParams(location.search);
const view = createOrgView(root, i18n, org, feed);

if (org === null) view.showMessage("missing");
else follow(org);

function follow(org: string): void {
  const limit = orgPostsLimit(params.limit);
  const badge = followEmbedStatus((status, ended) => view.setStatus(status, ended));

  // Offers and mentions come with the insights, which the handshake asks for; the posts with every snapshot.
  let posts: Post[] = [];
  followOnPageSocket(
    (socket) => {
      const stopLive = subscribeLive(socket, (state) => {
        badge.setStatus(liveStatus(state));
        if (!state.snapshot) return;
        view.setFigures(orgFigures(state.snapshot, org));
        // Every delta's posts pass through the snapshot's recent list: held here, they outlive it.
        posts = mergeOrgPosts(posts, state.snapshot.recent, org, limit);
        view.setPosts(posts);
      });
      // Registered after the live state's own: by then the snapshot holds the change, and this refines it.
      const onSnapshot = (snapshot: Snapshot) => {
        // A fresh snapshot (a connect) is the truth: what it no longer holds may have been hidden meanwhile.
        posts = mergeOrgPosts([], snapshot.recent, org, limit);
        view.setPosts(posts);
      };
      const onDelta = (delta: Delta) => {
        if (delta.removed.length === 0) return;
        posts = mergeOrgPosts(posts, [], org, limit, delta.removed);
        view.setPosts(posts);
      };
      socket.on("snapshot", onSnapshot);
      socket.on("delta", onDelta);
      return () => {
        stopLive();
        socket.off("snapshot", onSnapshot);
        socket.off("delta", onDelta);
      };
    },
    { insights: true },
  );

  // The campaign names the organization (an id it does not know gets a message) and gives its brand.
  followOnPageSocket(
    (socket) =>
      followCampaign(socket, ({ campaign, error }) => {
        badge.setEnd(campaign?.end ?? null);
        if (!campaign) {
          if (error) view.showMessage(error instanceof UnknownCampaignError ? "unknown" : "unavailable");
          return;
        }
        const organization = findOrganization(campaign, org);
        if (!organization) return view.showMessage("unknown");
        view.setOrganization(organization);
        // The brand where it keeps its contrast, per theme, so `theme=auto` follows the system without a render.
        for (const theme of ["light", "dark"] as const) {
          const color = orgBrandColor(campaign.brand, theme);
          if (color) document.documentElement.style.setProperty(`--org-brand-${theme}`, color);
          else document.documentElement.style.removeProperty(`--org-brand-${theme}`);
        }
      }),
    { insights: true },
  );
}
