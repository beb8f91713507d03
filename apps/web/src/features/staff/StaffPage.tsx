import type { Campaign, StaffSessionStatus } from "@pulse/shared/client";
import { useCallback, useEffect, useState } from "react";
import { LanguageSwitch } from "../../components/LanguageSwitch";
import { useCampaign } from "../../hooks/useCampaign";
import { useI18n } from "../../hooks/useI18n";
import { I18nProvider } from "../../i18n/I18nProvider";
import { LoginForm } from "./LoginForm";
import { StaffConsole } from "./StaffConsole";
import { pageCampaign } from "../../lib/campaignPath";
import { selectStaffCampaign, StaffApiError, staffCall } from "./staffApi";
import "./staff.css";

/** Where the gate stands: asking the server, showing the login form, the console, or staff switched off. */
type Gate =
  | { phase: "checking" }
  | { phase: "login"; notice: "expired" | "loggedOut" | null; error: string | null }
  | { phase: "console"; session: StaffSessionStatus }
  | { phase: "disabled"; error: string };

/** Why a single sign-on came back refused (`?sso_error=`), taken off the address so a reload does not show it again. */
function takeSsoError(): string | null {
  const params = new URLSearchParams(location.search);
  const error = params.get("sso_error");
  if (error === null) return null;
  params.delete("sso_error");
  const query = params.toString();
  history.replaceState(history.state, "", `${location.pathname}${query ? `?${query}` : ""}`);
  return error;
}

function StaffGate({ campaign }: { campaign: Campaign | null }) {
  const { t } = useI18n();
  const [gate, setGate] = useState<Gate>({ phase: "checking" });
  const [ssoError] = useState(takeSsoError);
  // Where "Sign in with SSO" starts, when the server has OpenID Connect configured.
  const [sso, setSso] = useState<string | null>(null);
  useEffect(() => {
    if (gate.phase !== "login") return;
    const controller = new AbortController();
    staffCall("staffLoginMethods", { signal: controller.signal }).then(
      (methods) => setSso(methods.sso),
      () => setSso(null),
    );
    return () => controller.abort();
  }, [gate.phase]);

  // GET /api/staff/session decides: 200 the console, 401 the login form, 403 staff switched off.
  useEffect(() => {
    const controller = new AbortController();
    staffCall("staffSession", { signal: controller.signal }).then(
      (session) => setGate({ phase: "console", session }),
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const failure = error instanceof StaffApiError ? error : new StaffApiError(0, String(error));
        if (failure.status === 403) setGate({ phase: "disabled", error: failure.message });
        else setGate({ phase: "login", notice: null, error: failure.status === 401 ? null : failure.message });
      },
    );
    return () => controller.abort();
  }, []);

  useEffect(() => {
    document.title = `${t("staff.title")} · ${campaign?.name ?? t("app.name")}`;
  }, [campaign, t]);

  const loggedOut = useCallback(
    (expired: boolean) => setGate({ phase: "login", notice: expired ? "expired" : "loggedOut", error: null }),
    [],
  );

  if (gate.phase === "console") {
    return (
      <StaffConsole
        campaign={campaign}
        session={gate.session}
        onLoggedOut={loggedOut}
      />
    );
  }

  return (
    <div className="staff staff--gate">
      <header className="staff-gate__bar">
        <p className="topbar__app">
          {t("app.name")} <span className="topbar__tagline">{t("staff.title")}</span>
        </p>
        <LanguageSwitch />
      </header>
      <main id="main" className="staff-gate__main">
        {gate.phase === "checking" ? (
          <p className="page-loading" role="status">
            {t("app.loading")}
          </p>
        ) : gate.phase === "disabled" ? (
          <section className="staff-card" aria-labelledby="staff-disabled-title">
            <h1 id="staff-disabled-title" className="staff-card__title">
              {t("staff.disabled.title")}
            </h1>
            <p role="alert" className="staff-error" data-testid="staff-disabled">
              {t("staff.disabled.body")} <code>{gate.error}</code>
            </p>
          </section>
        ) : (
          <LoginForm
            campaignName={campaign?.name ?? null}
            notice={gate.notice ? t(gate.notice === "expired" ? "staff.login.expired" : "staff.login.loggedOut") : null}
            initialError={gate.error ?? ssoError}
            sso={sso}
            onLoggedIn={(session) => setGate({ phase: "console", session })}
          />
        )}
      </main>
    </div>
  );
}

/**
 * The staff console at `/staff`: the login form, then moderation, organizations and ROI, sources and exports, and
 * campaigns. It acts on the campaign its URL names (`?campaign=<id>`), else on the default campaign.
 */
export function StaffPage() {
  // Before any view's first request, so that every one names the campaign.
  useState(() => selectStaffCampaign(pageCampaign()));
  const { campaign } = useCampaign();
  return (
    <I18nProvider timeZone={campaign?.timezone}>
      <StaffGate campaign={campaign} />
    </I18nProvider>
  );
}
