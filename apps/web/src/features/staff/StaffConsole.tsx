import { ENDPOINTS, roleAllows, type Campaign, type StaffSessionStatus } from "@pulse/shared/client";
import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type MouseEvent } from "react";
import { ConnectionStatus } from "../../components/ConnectionStatus";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { PageLoading } from "../../components/PageLoading";
import { TopbarTitle } from "../../components/TopbarTitle";
import { useI18n } from "../../hooks/useI18n";
import { useLiveSnapshot } from "../../hooks/useLiveSnapshot";
import type { MessageKey } from "../../i18n/fr";
import { AccountsView, roleKey } from "./AccountsView";
import { AuditView } from "./AuditView";
import { BlocklistView } from "./BlocklistView";
import { ExportsView } from "./ExportsView";
import { InsightsView } from "./InsightsView";
import { ModerationView } from "./ModerationView";
import { OrganizationsView } from "./OrganizationsView";
import { QueueView } from "./QueueView";
import { ReportView } from "./ReportView";
import { RoiView } from "./RoiView";
import { SourcesView } from "./SourcesView";
import { staffCall } from "./staffApi";
import { StaffCampaignPicker } from "./StaffCampaignPicker";
import { StaffContext, type StaffContextValue, type StaffNotice } from "./StaffContext";
import { parseStaffLocation, STAFF_VIEWS, staffSearch, type StaffLocation } from "./staffView";

/** The Campaigns view and its editor load only when opened: the console's own chunk stays small. */
const CampaignsView = lazy(() => import("./campaigns/CampaignsView").then((m) => ({ default: m.CampaignsView })));

/** Props of {@link StaffConsole}. */
export interface StaffConsoleProps {
  campaign: Campaign | null;
  session: StaffSessionStatus;
  /** Back to the login form; `expired` when a request answered 401. */
  onLoggedOut(expired: boolean): void;
}

/** How long a success notice stays; errors stay until the next notice. */
const NOTICE_MS = 4_000;

/** The console once logged in: a tab per view, the live connection, and a notice line for every action. */
export function StaffConsole({ campaign, session, onLoggedOut }: StaffConsoleProps) {
  const { t } = useI18n();
  const live = useLiveSnapshot();
  const [where, setWhere] = useState<StaffLocation>(() => parseStaffLocation(location.search));
  const [revision, setRevision] = useState(0);
  const [notice, setNotice] = useState<StaffNotice | null>(null);
  const role = session.role ?? "admin";
  // The views this role may open: Accounts is the admins'.
  const views = STAFF_VIEWS.filter((view) => view !== "accounts" || roleAllows(role, ENDPOINTS.accounts.staff));

  // The browser's back and forward buttons move between views.
  useEffect(() => {
    const onPop = () => setWhere(parseStaffLocation(location.search));
    addEventListener("popstate", onPop);
    return () => removeEventListener("popstate", onPop);
  }, []);

  useEffect(() => {
    if (notice?.kind !== "ok") return;
    const timer = setTimeout(() => setNotice(null), NOTICE_MS);
    return () => clearTimeout(timer);
  }, [notice]);

  const navigate = useCallback((next: StaffLocation) => {
    history.pushState(null, "", `${location.pathname}${staffSearch(location.search, next)}`);
    setWhere(next);
  }, []);

  const context = useMemo<StaffContextValue>(
    () => ({
      revision,
      changed: () => setRevision((r) => r + 1),
      notify: setNotice,
      unauthorized: () => onLoggedOut(true),
      mediaHosts: session.mediaHosts,
      // A server from before roles answers none: only STAFF_TOKEN logged in there, the bootstrap admin.
      role,
    }),
    [revision, onLoggedOut, session.mediaHosts, role],
  );

  const logout = async () => {
    try {
      await staffCall("staffLogout", {});
    } catch {
      // The cookie may already be gone; the form shows either way.
    }
    onLoggedOut(false);
  };

  const tab = (view: StaffLocation["view"]) => (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate({ view, org: null });
  };

  return (
    <StaffContext.Provider value={context}>
      <div className={`staff staff--${where.view}`} data-testid="staff-console" data-view={where.view}>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <header className="topbar staff-topbar">
          <div className="topbar__brand">
            <TopbarTitle tagline={t("staff.title")} campaignName={campaign?.name} />
          </div>
          <div className="topbar__tools staff-noprint">
            <StaffCampaignPicker />
            <ConnectionStatus status={live.status} lastUpdate={live.lastUpdate} reconnectAttempt={live.reconnectAttempt} campaign={campaign} />
            <LanguageSwitch />
            <p className="staff-who" data-testid="staff-who">
              {session.name ? t("staff.session.as", { name: session.name }) : t("staff.session.anonymous")}
              {session.account ? (
                <>
                  {" "}
                  (<code data-testid="staff-who-account">{session.account.username}</code>)
                </>
              ) : null}
              {" · "}
              <span data-testid="staff-who-role" data-role={role}>
                {t("staff.session.role", { role: t(roleKey(role)) })}
              </span>
            </p>
            <button type="button" className="staff-button" onClick={() => void logout()} data-testid="staff-logout">
              {t("staff.logout")}
            </button>
          </div>
        </header>
        <nav className="staff-tabs staff-noprint" aria-label={t("staff.nav")}>
          <ul>
            {views.map((view) => (
              <li key={view}>
                <a
                  href={staffSearch(location.search, { view, org: null })}
                  aria-current={where.view === view ? "page" : undefined}
                  onClick={tab(view)}
                  data-testid={`staff-tab-${view}`}
                >
                  {t(`staff.view.${view}` as MessageKey)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="staff-notices staff-noprint">
          <p role="status" className="staff-notice-line" data-testid="staff-status">
            {notice?.kind === "ok" ? notice.text : ""}
          </p>
          {notice?.kind === "error" ? (
            <p role="alert" className="staff-error" data-testid="staff-error">
              {notice.text}{" "}
              <button type="button" className="staff-link-button" onClick={() => setNotice(null)}>
                {t("staff.dismiss")}
              </button>
            </p>
          ) : null}
        </div>
        <main id="main" className="staff-main" tabIndex={-1}>
          {where.view === "moderation" ? <ModerationView snapshot={live.snapshot} /> : null}
          {where.view === "queue" ? <QueueView /> : null}
          {where.view === "organizations" ? (
            <OrganizationsView selected={where.org} onSelect={(org) => navigate({ view: "organizations", org })} />
          ) : null}
          {where.view === "roi" ? <RoiView /> : null}
          {where.view === "sources" ? <SourcesView /> : null}
          {where.view === "blocklist" ? <BlocklistView /> : null}
          {where.view === "audit" ? <AuditView campaign={campaign} /> : null}
          {where.view === "insights" ? <InsightsView /> : null}
          {where.view === "exports" ? <ExportsView onReport={() => navigate({ view: "report", org: null })} /> : null}
          {where.view === "report" ? <ReportView campaign={campaign} snapshot={live.snapshot} /> : null}
          {where.view === "accounts" && views.includes("accounts") ? <AccountsView /> : null}
          {where.view === "campaigns" ? (
            <Suspense fallback={<PageLoading />}>
              <CampaignsView />
            </Suspense>
          ) : null}
        </main>
      </div>
    </StaffContext.Provider>
  );
}
