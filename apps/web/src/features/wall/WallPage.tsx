import "@fontsource-variable/inter/wght.css";
import "./wall.css";
import { RECENT_LIMIT, type Campaign, type Post, type Snapshot } from "@pulse/shared/client";
import { useEffect, useMemo, type CSSProperties } from "react";
import { brandVariables } from "../../components/brand";
import { LiveAnnouncer } from "../../components/LiveAnnouncer";
import { PulseLogo } from "../../components/PulseLogo";
import { useCampaign } from "../../hooks/useCampaign";
import { useI18n } from "../../hooks/useI18n";
import { useLiveSnapshot } from "../../hooks/useLiveSnapshot";
import { useThrottledValue } from "../../hooks/useThrottledValue";
import { unmemoised, useRollInPageState } from "./baseline/naiveRendering";
import { useNaiveSnapshot } from "./baseline/useNaiveSnapshot";
import { I18nProvider } from "../../i18n/I18nProvider";
import { UnknownCampaignError } from "../../lib/campaignClient";
import type { LiveStatus } from "../../lib/liveState";
import { postsPerMinuteNow } from "../dashboard/dashboardData";
import { NotFoundPage } from "../notFound/NotFoundPage";
import { CountriesScene } from "./CountriesScene";
import { CountedNumber } from "./CountedNumber";
import { CounterScene } from "./CounterScene";
import type { CountUpSource } from "../../lib/countUpSource";
import { FeedScene, useFeedTurns } from "./FeedScene";
import type { HighlightTurns } from "./highlightTurns";
import { InsightsScene } from "./InsightsScene";
import { MapScene } from "./MapScene";
import { OrganizationsScene } from "./OrganizationsScene";
import { PhotosScene } from "./PhotosScene";
import { SceneDeck } from "./SceneDeck";
import { TimelineScene } from "./TimelineScene";
import { useCountUp } from "./useCountUp";
import { useDelayedFlag } from "./useDelayedFlag";
import { useSceneRotation } from "./useSceneRotation";
import { WallClock } from "./WallClock";
import { goalProgress, wallPhotos } from "./wallData";
import { WallGoal } from "./WallGoal";
import { WallLiveIndicator } from "./WallLiveIndicator";
import { WallOfflineBanner } from "./WallOfflineBanner";
import { parseWallQuery, progressSteps, type SceneName, type WallQuery } from "./wallQuery";

/** How long the connection must stay down before the wall says so: brief blips stay quiet. */
export const OFFLINE_BANNER_DELAY_MS = 5_000;
/** Charts and lists redraw at most this often; the total follows every delta. */
const CHART_REFRESH_MS = 1_000;
/** How long before its turn a scene is prepared out of sight (see `SceneDeck.tsx`): a few frames suffice. */
const UPCOMING_LEAD_MS = 1_000;

/** Statuses in which the figures on screen are not being updated because the connection is down. */
const DOWN: ReadonlySet<LiveStatus> = new Set(["connecting", "reconnecting", "offline"]);

interface WallViewProps {
  query: WallQuery;
  snapshot: Snapshot | null;
  status: LiveStatus;
  lastUpdate: number | null;
  campaign: Campaign | null;
  /**
   * The benchmark's baseline rendering (see `baseline/naiveRendering.ts`): charts on every delta, the page
   * rendered again on every step of the roll, scenes unmemoised and the feed unwindowed.
   */
  naive?: boolean;
}

const NO_POSTS: readonly Post[] = [];
// Stable empties, so a memoised scene sees the same props until the data arrives.
const NO_COUNTS: Readonly<Record<string, number>> = {};
const NO_TIMELINE: Snapshot["timeline"] = [];
const NO_ORGANIZATIONS: Campaign["organizations"] = [];

/** Staff-pinned posts (a contract extension: a server that predates it sends none). */
function pinnedOf(snapshot: Snapshot | null): readonly Post[] {
  return snapshot?.pinned ?? NO_POSTS;
}

const SCENES = { CounterScene, CountriesScene, TimelineScene, OrganizationsScene, InsightsScene, FeedScene, PhotosScene, MapScene };
/** The baseline's scenes: the same ones without their memo wrappers. */
const NAIVE_SCENES = unmemoised(SCENES);

/**
 * The scene on screen. Each scene is memoised on the data it draws: the charts' scenes take `charted` (throttled
 * to {@link CHART_REFRESH_MS}), so a delta redraws only what follows every delta, and the rolling total redraws
 * only its own number. The baseline (`naive`) renders the scenes unmemoised and the whole feed.
 */
function SceneBody({ scene, countUp, snapshot, charted, campaign, feedTurns, naive }: { scene: SceneName; countUp: CountUpSource; snapshot: Snapshot | null; charted: Snapshot | null; campaign: Campaign | null; feedTurns: HighlightTurns; naive: boolean }) {
  const Scenes = naive ? NAIVE_SCENES : SCENES;
  switch (scene) {
    case "counter":
      return <Scenes.CounterScene countUp={countUp} snapshot={snapshot} />;
    case "countries":
      return <Scenes.CountriesScene byCountry={charted?.byCountry ?? NO_COUNTS} />;
    case "timeline":
      return <Scenes.TimelineScene timeline={charted?.timeline ?? NO_TIMELINE} campaign={campaign} />;
    case "organizations":
      return <Scenes.OrganizationsScene byOrganization={charted?.byOrganization ?? NO_COUNTS} organizations={campaign?.organizations ?? NO_ORGANIZATIONS} />;
    case "insights":
      return <Scenes.InsightsScene insights={charted?.insights} />;
    case "feed":
      return <Scenes.FeedScene recent={snapshot?.recent ?? NO_POSTS} pinned={pinnedOf(snapshot)} turns={feedTurns} besideLimit={naive ? RECENT_LIMIT : undefined} />;
    case "photos":
      return <Scenes.PhotosScene recent={snapshot?.recent ?? NO_POSTS} />;
    case "map":
      return <Scenes.MapScene byCountry={charted?.byCountry ?? NO_COUNTS} />;
  }
}

/**
 * The scenes that take turns: those the URL asks, without `photos` while the recent posts have no picture to
 * show (a mosaic of nothing says nothing); kept when it is the only scene asked, which then says it waits.
 */
function useShownScenes(asked: readonly SceneName[], snapshot: Snapshot | null): readonly SceneName[] {
  const withPictures = wallPhotos(snapshot?.recent ?? NO_POSTS, null, 1).length > 0;
  return useMemo(() => {
    const shown = withPictures ? asked : asked.filter((scene) => scene !== "photos");
    return shown.length > 0 ? shown : asked;
  }, [asked, withPictures]);
}

function WallView({ query, snapshot, status, lastUpdate, campaign, naive = false }: WallViewProps) {
  const { t, format } = useI18n();
  const scenes = useShownScenes(query.scenes, snapshot);
  // The live wall prepares each scene before its turn; the baseline mounts it when it is shown.
  const { scene, upcoming } = useSceneRotation(scenes, query.rotateSeconds, naive ? 0 : UPCOMING_LEAD_MS);
  // Held here, not in the scene, so the spotlight's turns go on where they stopped each time the feed comes back.
  const feedTurns = useFeedTurns();
  const charted = useThrottledValue(snapshot, naive ? 0 : CHART_REFRESH_MS);
  // The roll lives in its readers (CountedNumber): this view does not re-render on each of its frames (but the
  // baseline's does).
  const countUp = useCountUp(snapshot?.totals.posts ?? 0);
  useRollInPageState(countUp, naive);
  const bannerShown = useDelayedFlag(DOWN.has(status), OFFLINE_BANNER_DELAY_MS);
  const goal = useMemo(() => goalProgress(campaign?.goal, snapshot), [campaign?.goal, snapshot]);
  const brand = useMemo(() => brandVariables(campaign?.brand, query.theme) as unknown as CSSProperties, [campaign, query.theme]);

  useEffect(() => {
    document.title = campaign ? `${campaign.name} · ${t("wall.title")}` : `${t("wall.title")} · ${t("app.name")}`;
  }, [campaign, t]);

  const number = (value: number | undefined) => (value === undefined ? "—" : format.number(value));
  const announcement = snapshot
    ? t("stats.announce", {
        posts: number(snapshot.totals.posts),
        authors: number(snapshot.totals.authors),
        perMinute: number(postsPerMinuteNow(snapshot.timeline)),
      })
    : "";

  return (
    <div className="wall" data-testid="wall" data-theme={query.theme} data-status={status} style={brand}>
      <div className="wall__stage">
        <header className="wall-header">
          <div className="wall-header__brand">
            <PulseLogo className="wall-header__logo" />
            <div className="wall-header__titles">
              <p className="wall-header__app">{t("app.name")}</p>
              <h1
                className="wall-header__title"
                title={campaign?.name}
                style={{ "--title-chars": campaign?.name.length ?? 1 } as CSSProperties}
              >
                {campaign?.name ?? "\u00a0"}
              </h1>
            </div>
          </div>
          <div className="wall-header__side">
            <WallLiveIndicator status={status} campaign={campaign} />
            <WallClock />
          </div>
        </header>

        {bannerShown ? <WallOfflineBanner lastUpdate={lastUpdate} /> : null}

        <SceneDeck
          scenes={scenes}
          scene={scene}
          upcoming={upcoming}
          label={t(`wall.scene.${scene}`)}
          busy={snapshot === null}
          render={(name) => <SceneBody scene={name} countUp={countUp} snapshot={snapshot} charted={charted} campaign={campaign} feedTurns={feedTurns} naive={naive} />}
        />

        <footer className={scene === "counter" ? "wall-footer wall-footer--no-total" : "wall-footer"}>
          {scene === "counter" ? null : (
            <div className="wall-footer__total">
              <p className="wall-footer__label">{t("wall.total")}</p>
              <p className="wall-footer__value" data-testid="wall-total">
                {snapshot ? <CountedNumber source={countUp} /> : "—"}
              </p>
            </div>
          )}
          {goal ? <WallGoal goal={goal} /> : null}
          {scenes.length > 1 ? (
            <ol className="wall-scenes" aria-label={t("wall.scenes")}>
              {scenes.map((name) => (
                <li
                  key={name}
                  className={name === scene ? "wall-scenes__item wall-scenes__item--current" : "wall-scenes__item"}
                  aria-current={name === scene ? "step" : undefined}
                >
                  <span
                    key={name === scene ? `${scene}-on` : name}
                    className="wall-scenes__bar"
                    style={{ "--rotate": `${query.rotateSeconds}s`, "--rotate-steps": progressSteps(query.rotateSeconds) } as CSSProperties}
                    aria-hidden="true"
                  />
                  {t(`wall.scene.${name}`)}
                </li>
              ))}
            </ol>
          ) : null}
        </footer>
      </div>
      <LiveAnnouncer message={announcement} />
    </div>
  );
}

/**
 * The full-screen wall at `/wall`, for newsroom and marketing screens left on all day: scenes rotate as the
 * URL asks (see `wallQuery.ts`), a clock and the live indicator stay on top, the goal bar and the total at
 * the bottom. Every window it draws is bounded and every timer and listener is released on unmount.
 */
export function WallPage() {
  const query = useMemo(() => parseWallQuery(location.search), []);
  return query.client === "naive" ? <NaiveWall query={query} /> : <LiveWall query={query} />;
}

function LiveWall({ query }: { query: WallQuery }) {
  // Insights cost the server a little per screen: only a wall that shows them asks.
  const { snapshot, status, lastUpdate } = useLiveSnapshot({ insights: query.scenes.includes("insights") });
  const { campaign, error } = useCampaign();
  if (error instanceof UnknownCampaignError) return <NotFoundPage />;
  return (
    <I18nProvider timeZone={campaign?.timezone}>
      <WallView query={query} snapshot={snapshot} status={status} lastUpdate={lastUpdate} campaign={campaign} />
    </I18nProvider>
  );
}

/**
 * The benchmark's baseline (`?client=naive`): the same wall fed by the naive client and rendered without the
 * live wall's savings (`baseline/naiveRendering.ts`).
 */
function NaiveWall({ query }: { query: WallQuery }) {
  const { snapshot, status, lastUpdate } = useNaiveSnapshot({ insights: query.scenes.includes("insights") });
  const { campaign } = useCampaign();
  return (
    <I18nProvider timeZone={campaign?.timezone}>
      <WallView query={query} snapshot={snapshot} status={status} lastUpdate={lastUpdate} campaign={campaign} naive />
    </I18nProvider>
  );
}
