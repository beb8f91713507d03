import type { BodyOf, StaffSessionStatus } from "@pulse/shared/client";
import { useId, useState, type FormEvent } from "react";
import { useI18n } from "../../hooks/useI18n";
import { StaffApiError, staffCall } from "./staffApi";

/** Props of {@link LoginForm}. */
export interface LoginFormProps {
  campaignName: string | null;
  /** Why the form shows again, such as an expired session. */
  notice: string | null;
  /** An error met before the form showed (the session check failing other than with 401). */
  initialError: string | null;
  onLoggedIn(session: StaffSessionStatus): void;
  /** Where "Sign in with SSO" starts the OpenID Connect sign-in, when the server has it configured. */
  sso?: string | null;
}

/**
 * One login attempt of a form: busy while it runs, the refusal in words (`wrong` for a 401), and the secret's field
 * cleared and focused after a refusal, so the secret never stays in the page.
 */
function useLoginAttempt(initialError: string | null, onLoggedIn: LoginFormProps["onLoggedIn"]) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const attempt = async (form: HTMLFormElement, body: BodyOf<"staffLogin">, wrong: string, secretField: string) => {
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await staffCall("staffLogin", { body }));
    } catch (failure) {
      const status = failure instanceof StaffApiError ? failure.status : 0;
      const text = failure instanceof Error ? failure.message : String(failure);
      setError(status === 401 ? wrong : status === 0 ? t("staff.error.network", { error: text }) : text);
      const field = form.elements.namedItem(secretField);
      if (field instanceof HTMLInputElement) {
        field.value = "";
        field.focus();
      }
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, attempt };
}

/**
 * A staff account's login: its username and password to `POST /api/staff/login`. A wrong pair, a disabled account
 * or a lockout (429, after repeated wrong passwords) shows the server's reason; the password never stays in state.
 */
function AccountLoginForm({ onLoggedIn }: Pick<LoginFormProps, "onLoggedIn">) {
  const { t } = useI18n();
  const ids = { username: useId(), password: useId(), error: useId() };
  const { error, setError, busy, attempt } = useLoginAttempt(null, onLoggedIn);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const username = String(data.get("username") ?? "").trim();
    const password = String(data.get("password") ?? "");
    if (!username || !password) {
      setError(t("staff.login.accountMissing"));
      return;
    }
    await attempt(form, { username, password }, t("staff.login.wrongPassword"), "password");
  };

  return (
    <form className="staff-form" onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? ids.error : undefined} data-testid="staff-account-form">
      <div className="staff-field">
        <label htmlFor={ids.username}>{t("staff.login.username")}</label>
        <input id={ids.username} name="username" type="text" autoComplete="username" autoCapitalize="none" spellCheck={false} required data-testid="staff-username" />
      </div>
      <div className="staff-field">
        <label htmlFor={ids.password}>{t("staff.login.password")}</label>
        <input id={ids.password} name="password" type="password" autoComplete="current-password" required aria-invalid={error ? true : undefined} data-testid="staff-password" />
      </div>
      {error ? (
        <p className="staff-error" role="alert" id={ids.error} data-testid="staff-account-error">
          {error}
        </p>
      ) : null}
      <button type="submit" className="staff-button staff-button--primary" disabled={busy} data-testid="staff-account-login">
        {busy ? t("staff.login.busy") : t("staff.login.submit")}
      </button>
    </form>
  );
}

/**
 * Posts the staff token (and a display name for the audit log) to `POST /api/staff/login`, which sets the
 * httpOnly session cookie. The token never stays in the page's state after the attempt.
 */
export function LoginForm({ campaignName, notice, initialError, onLoggedIn, sso = null }: LoginFormProps) {
  const { t } = useI18n();
  const ids = { title: useId(), token: useId(), name: useId(), nameHint: useId(), error: useId() };
  const { error, setError, busy, attempt } = useLoginAttempt(initialError, onLoggedIn);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const token = String(data.get("token") ?? "");
    const name = String(data.get("name") ?? "").trim();
    if (!token) {
      setError(t("staff.login.tokenMissing"));
      return;
    }
    await attempt(form, name ? { token, name } : { token }, t("staff.login.wrongToken"), "token");
  };

  return (
    <section className="staff-card staff-login" aria-labelledby={ids.title}>
      <h1 id={ids.title} className="staff-card__title">
        {t("staff.login.title")}
      </h1>
      {campaignName ? <p className="staff-login__campaign">{campaignName}</p> : null}
      {notice ? (
        <p className="staff-notice" role="status" data-testid="staff-login-notice">
          {notice}
        </p>
      ) : null}
      {sso ? (
        <a className="staff-button staff-button--primary staff-login__sso" href={sso} data-testid="staff-sso">
          {t("staff.login.sso")}
        </a>
      ) : null}
      <h2 className="staff-login__subtitle">{t("staff.login.account")}</h2>
      <AccountLoginForm onLoggedIn={onLoggedIn} />
      <h2 className="staff-login__subtitle">{t("staff.login.withToken")}</h2>
      <form className="staff-form" onSubmit={(event) => void submit(event)} noValidate aria-describedby={error ? ids.error : undefined}>
        <div className="staff-field">
          <label htmlFor={ids.token}>{t("staff.login.token")}</label>
          <input
            id={ids.token}
            name="token"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={error ? true : undefined}
            data-testid="staff-token"
          />
        </div>
        <div className="staff-field">
          <label htmlFor={ids.name}>{t("staff.login.name")}</label>
          <input id={ids.name} name="name" type="text" autoComplete="name" maxLength={40} aria-describedby={ids.nameHint} data-testid="staff-name" />
          <p className="staff-field__hint" id={ids.nameHint}>
            {t("staff.login.nameHint")}
          </p>
        </div>
        {error ? (
          <p className="staff-error" role="alert" id={ids.error} data-testid="staff-login-error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="staff-button staff-button--primary" disabled={busy} data-testid="staff-login">
          {busy ? t("staff.login.busy") : t("staff.login.submit")}
        </button>
      </form>
    </section>
  );
}
