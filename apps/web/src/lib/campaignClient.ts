/**
 * Keeps a page's campaign current without a reload, kept out of React so the counter widget can use it and
 * tests can run it against a real Socket.IO server. The campaign is fetched from `GET /api/c/<id>/campaign` on a
 * campaign's page (`/c/<id>/…`, see `campaignPath.ts`), `GET /api/campaign` on a v1 page, then
 * fetched again only when the node says its campaign changed: the `campaign` event (sent on every connect, so
 * a node restarted on another campaign is noticed on reconnect) names another revision than the one held, or
 * a snapshot names another campaign id.
 */
import { ENDPOINTS, endpointPath, type Campaign, type CampaignNotice, type ResponseOf, type Snapshot } from "@pulse/shared/client";
import { pageCampaign } from "./campaignPath";
import type { PulseSocket } from "./socket";

/** A campaign as fetched, with the revision its `ETag` names (null when a proxy dropped the header). */
export interface FetchedCampaign {
  campaign: Campaign;
  revision: string | null;
}

/** What a page knows of its campaign. */
export interface CampaignState {
  /** The campaign, or null while it first loads or when that failed. A failed refresh keeps the old one. */
  campaign: Campaign | null;
  /** The last load's error, or null once one succeeds. */
  error: Error | null;
}

/**
 * The page's campaign is unknown or archived (`GET /api/c/<id>/campaign` answered 404): the page shows the
 * "page not found" page, as the server does for such a page at load.
 */
export class UnknownCampaignError extends Error {
  constructor(readonly campaign: string) {
    super(`no campaign "${campaign}", or it is archived`);
    this.name = "UnknownCampaignError";
  }
}

/** The revision an `ETag` names: `"abc"` and `W/"abc"` (as a compressing proxy rewrites it) are both `abc`. */
export function revisionOf(etag: string | null): string | null {
  if (!etag) return null;
  return etag.replace(/^W\//, "").replace(/^"(.*)"$/, "$1");
}

/**
 * Loads campaign `campaign` (`GET /api/c/<id>/campaign`; the page's own by default), or the default one for null
 * (`GET /api/campaign`), from `origin` when given (as tests do), with its revision. The browser bundle carries no
 * zod: the fields the screens rely on are checked.
 */
export async function fetchCampaign(signal?: AbortSignal, origin = "", campaign: string | null = pageCampaign()): Promise<FetchedCampaign> {
  const { method } = ENDPOINTS.campaign;
  const path = campaign === null ? ENDPOINTS.campaign.path : endpointPath("campaignById", { params: { id: campaign } });
  const response = await fetch(`${origin}${path}`, { method, signal, headers: { accept: "application/json" } });
  if (response.status === 404 && campaign !== null) throw new UnknownCampaignError(campaign);
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
  const body = (await response.json()) as Partial<ResponseOf<"campaign">> | null;
  if (
    !body ||
    typeof body.id !== "string" ||
    typeof body.name !== "string" ||
    typeof body.timezone !== "string" ||
    !Array.isArray(body.hashtags) ||
    !Array.isArray(body.organizations)
  ) {
    throw new Error(`${method} ${path} did not return a campaign`);
  }
  return { campaign: body as Campaign, revision: revisionOf(response.headers.get("etag")) };
}

/** Options of {@link followCampaign}. */
export interface FollowCampaignOptions {
  /** How the campaign is loaded; {@link fetchCampaign} from the page's origin by default. */
  load?: (signal: AbortSignal) => Promise<FetchedCampaign>;
}

/**
 * Loads the campaign now and again whenever `socket` says it changed, calling `onChange` with every new state.
 * A newer load cancels an older one, so the last word wins. Returns its cleanup, which also cancels a load
 * under way.
 */
export function followCampaign(
  socket: PulseSocket,
  onChange: (state: CampaignState) => void,
  { load = (signal) => fetchCampaign(signal) }: FollowCampaignOptions = {},
): () => void {
  let held: FetchedCampaign | null = null;
  let loading: AbortController | null = null;
  // A notice or snapshot that came while a load was under way: that load may carry the older campaign.
  let signalledWhileLoading = false;
  let latestRevision: string | null = null;
  let latestCampaignId: string | null = null;

  const outdated = (fetched: FetchedCampaign) =>
    (latestRevision !== null && latestRevision !== fetched.revision) ||
    (latestCampaignId !== null && latestCampaignId !== fetched.campaign.id);

  const refresh = () => {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    signalledWhileLoading = false;
    load(controller.signal).then(
      (fetched) => {
        if (controller.signal.aborted) return;
        loading = null;
        held = fetched;
        onChange({ campaign: fetched.campaign, error: null });
        if (signalledWhileLoading && outdated(fetched)) refresh();
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        loading = null;
        // A campaign found gone is held no more, so that its notice, once it is back (unarchived), loads it again.
        if (error instanceof UnknownCampaignError) held = null;
        // Else keep the campaign on screen; the next notice (a reconnect sends one) tries again.
        onChange({ campaign: held?.campaign ?? null, error: error instanceof Error ? error : new Error(String(error)) });
      },
    );
  };
  const signal = () => {
    if (loading) signalledWhileLoading = true;
    else if (!held || outdated(held)) refresh();
  };

  const onCampaign = (notice: CampaignNotice) => {
    latestRevision = notice.revision;
    latestCampaignId = notice.id;
    signal();
  };
  const onSnapshot = (snapshot: Snapshot) => {
    latestCampaignId = snapshot.campaign;
    signal();
  };

  // The campaign was archived: loading it again finds it gone (UnknownCampaignError), and the page says so.
  const onArchived = () => refresh();

  socket.on("campaign", onCampaign);
  socket.on("snapshot", onSnapshot);
  socket.on("archived", onArchived);
  refresh();
  return () => {
    socket.off("campaign", onCampaign);
    socket.off("snapshot", onSnapshot);
    socket.off("archived", onArchived);
    loading?.abort();
    loading = null;
  };
}
