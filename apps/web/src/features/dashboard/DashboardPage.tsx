import type { Campaign, Snapshot } from "@pulse/shared/client";
import { lazy, memo, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useState } from "react";
import { ConnectionStatus } from "../../components/ConnectionStatus";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { LiveAnnouncer } from "../../components/LiveAnnouncer";
import { PulseLogo } from "../../components/PulseLogo";
import { StatCard } from "../../components/StatCard";
import { TopbarTitle } from "../../components/TopbarTitle";
import { useCampaign } from "../../hooks/useCampaign";
import { useI18n } from "../../hooks/useI18n";
import { useLiveSnapshot } from "../../hooks/useLiveSnapshot";
import { useThrottledValue } from "../../hooks/useThrottledValue";
import { I18nProvider } from "../../i18n/I18nProvider";
import { UnknownCampaignError } from "../../lib/campaignClient";
import type { LiveStatus } from "../../lib/liveState";
import { DAY_MINUTES, filledTimeline } from "../../lib/timelineSeries";
import { NotFoundPage } from "../notFound/NotFoundPage";
import { CampaignPicker } from "./CampaignPicker";
import { CountryChart } from "./CountryChart";
import { InsightsPanel } from "./InsightsPanel";
import { KindBreakdown } from "./KindBreakdown";
import { LiveFeed } from "./LiveFeed";
import { TimelineChart } from "./TimelineChart";
import { TopOrganizations } from "./TopOrganizations";
import { countryRows, postsPerMinuteNow, topOrganizations } from "./dashboardData";

/** The map comes last on the page: its shapes (about 12 kB gzipped) load after the rest, off the first paint. */
const MapPanel = lazy(() => import("./MapPanel").then((m) => ({ default: m.MapPanel })));

/** No posts by country yet: one object, so the map is not updated on every render. */
const NO_COUNTRIES: Readonly<Record<string, number>> = {};

/** Charts redraw at most this often; the counters follow every delta. */
const CHART_REFRESH_MS = 1_000;
/** The timeline chart draws the last day minute by minute: no averaging, the dashboard has the room. */
const TIMELINE_MINUTES = DAY_MINUTES;

/** No organizations configured: one array, so the panels' memo holds. */
const NO_ORGANIZATIONS: Campaign["organizations"] = [];

interface DashboardPanelsProps {
  /** The deferred, throttled snapshot the charts and ranked lists draw. */
  charted: Snapshot | null;
  /** The deferred snapshot the live feed lists. */
  listed: Snapshot | null;
  organizations: Campaign["organizations"] | undefined;
  hashtag: string | null;
  onHashtag: (tag: string) => void;
  onClearHashtag: () => void;
}

/**
 * Everything below the counters. Memoised on purpose: its snapshots are deferred values, so a render for a new
 * delta skips it and React redraws it afterwards, in a render it can interrupt.
 */
const DashboardPanels = memo(function DashboardPanels({ charted, listed, organizations = NO_ORGANIZATIONS, hashtag, onHashtag, onClearHashtag }: DashboardPanelsProps) {
  const countries = useMemo(() => countryRows(charted?.byCountry ?? {}), [charted]);
  const timeline = useMemo(() => filledTimeline(charted?.timeline ?? [], TIMELINE_MINUTES), [charted]);
  const organizationRows = useMemo(() => topOrganizations(charted?.byOrganization ?? {}, organizations), [charted, organizations]);
  return (
    <>
      <TimelineChart points={timeline} />
      <CountryChart rows={countries} />
      <TopOrganizations rows={organizationRows} />
      <InsightsPanel insights={charted?.insights} activeTag={hashtag} onHashtag={onHashtag} />
      <LiveFeed posts={listed?.recent ?? []} pinned={listed?.pinned ?? []} hashtag={hashtag} onClearHashtag={onClearHashtag} />
      <Suspense fallback={null}>
        <MapPanel byCountry={charted?.byCountry ?? NO_COUNTRIES} />
      </Suspense>
    </>
  );
});

interface DashboardViewProps {
  snapshot: Snapshot | null;
  status: LiveStatus;
  lastUpdate: number | null;
  reconnectAttempt: number;
  campaign: Campaign | null;
  campaignError: Error | null;
}

function DashboardView({ snapshot, status, lastUpdate, reconnectAttempt, campaign, campaignError }: DashboardViewProps) {
  const { t, format } = useI18n();
  // The counters follow every delta at once. The panels (charts, lists, feed) render from deferred copies: React
  // renders those in interruptible slices after the counters are on screen, so the first snapshot, which fills
  // every panel at once, does not block the page in one long task.
  const charted = useDeferredValue(useThrottledValue(snapshot, CHART_REFRESH_MS));
  const listed = useDeferredValue(snapshot);
  // The hashtag the live feed is filtered on; choosing it again clears it.
  const [hashtag, setHashtag] = useState<string | null>(null);
  const toggleHashtag = useCallback((tag: string) => setHashtag((current) => (current === tag ? null : tag)), []);
  const clearHashtag = useCallback(() => setHashtag(null), []);

  useEffect(() => {
    document.title = campaign ? `${campaign.name} · ${t("app.name")}` : `${t("app.tagline")} · ${t("app.name")}`;
  }, [campaign, t]);

  const number = (value: number | undefined) => (value === undefined ? "—" : format.number(value));
  const posts = snapshot?.totals.posts;
  const authors = snapshot?.totals.authors;
  const perMinute = snapshot ? postsPerMinuteNow(snapshot.timeline) : undefined;

  return (
    <div className="dashboard">
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="topbar">
        <div className="topbar__brand">
          <PulseLogo className="topbar__logo" />
          <TopbarTitle tagline={t("app.tagline")} campaignName={campaign?.name} />
        </div>
        <div className="topbar__tools">
          <ConnectionStatus status={status} lastUpdate={lastUpdate} reconnectAttempt={reconnectAttempt} campaign={campaign} />
          <LanguageSwitch />
        </div>
      </header>
      <CampaignPicker />
      {campaignError ? (
        <p className="notice" role="alert">
          {t("campaign.error")}
        </p>
      ) : null}

      <main id="main" className="dashboard__grid" aria-busy={snapshot === null}>
        <StatCard
          size="hero"
          label={t("stats.totalPosts")}
          value={number(posts)}
          hint={t("stats.totalPostsHint")}
          testId="total-posts"
        />
        <StatCard
          label={t("stats.postsPerMinute")}
          value={number(perMinute)}
          hint={t("stats.postsPerMinuteHint")}
          testId="posts-per-minute"
        />
        <StatCard
          label={t("stats.uniqueAuthors")}
          value={number(authors)}
          hint={t("stats.uniqueAuthorsHint")}
          testId="unique-authors"
        />
        <KindBreakdown totals={snapshot?.totals ?? null} />
        <DashboardPanels
          charted={charted}
          listed={listed}
          organizations={campaign?.organizations}
          hashtag={hashtag}
          onHashtag={toggleHashtag}
          onClearHashtag={clearHashtag}
        />
      </main>
      <LiveAnnouncer
        message={
          snapshot
            ? t("stats.announce", { posts: number(posts), authors: number(authors), perMinute: number(perMinute) })
            : ""
        }
      />
    </div>
  );
}

/**
 * The live dashboard at `/` (and `/c/<id>/`): the campaign picker, headline counters, charts, top organizations,
 * the insights and the live feed (which a hashtag of the insights filters).
 */
export function DashboardPage() {
  const { snapshot, status, lastUpdate, reconnectAttempt } = useLiveSnapshot({ insights: true });
  const { campaign, error } = useCampaign();
  if (error instanceof UnknownCampaignError) return <NotFoundPage />;
  return (
    <I18nProvider timeZone={campaign?.timezone}>
      <DashboardView
        snapshot={snapshot}
        status={status}
        lastUpdate={lastUpdate}
        reconnectAttempt={reconnectAttempt}
        campaign={campaign}
        campaignError={error}
      />
    </I18nProvider>
  );
}
