import { STAFF_ROLES, type StaffAccount, type StaffRole } from "@pulse/shared/client";
import { useId, type FormEvent } from "react";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import type { MessageKey } from "../../i18n/fr";
import { staffCall } from "./staffApi";
import { StaffLoadError } from "./StaffLoadError";
import { StaffTable } from "./StaffTable";
import { useStaffAction } from "./useStaffAction";
import { useStaffResource } from "./useStaffResource";

/** The role's name in the console's language. */
export function roleKey(role: StaffRole): MessageKey {
  return `staff.role.${role}` as MessageKey;
}

/** One account's row: its role (changed at once) and its state (disable, enable). */
function AccountRow({ account }: { account: StaffAccount }) {
  const { t } = useI18n();
  const run = useStaffAction();
  const name = account.displayName;
  const setRole = (role: StaffRole) =>
    void run(() => staffCall("updateAccount", { params: { id: account.id }, body: { role } }), t("staff.accounts.done.role", { name, role: t(roleKey(role)) }));
  const setDisabled = (disabled: boolean) =>
    void run(
      () => staffCall("updateAccount", { params: { id: account.id }, body: { disabled } }),
      t(disabled ? "staff.accounts.done.disabled" : "staff.accounts.done.enabled", { name }),
    );
  return (
    <tr data-testid="staff-account" data-username={account.username} data-disabled={account.disabled}>
      <th scope="row">
        <code>{account.username}</code>
      </th>
      <td>{name}</td>
      <td>
        <select
          value={account.role}
          aria-label={t("staff.accounts.roleFor", { name })}
          onChange={(event) => setRole(event.currentTarget.value as StaffRole)}
          data-testid="staff-account-role"
        >
          {STAFF_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(roleKey(role))}
            </option>
          ))}
        </select>
      </td>
      <td>{t(account.disabled ? "staff.accounts.disabled" : "staff.accounts.active")}</td>
      <td>
        <button
          type="button"
          className={account.disabled ? "staff-button" : "staff-button staff-button--danger"}
          onClick={() => setDisabled(!account.disabled)}
          data-testid="staff-account-toggle"
        >
          {t(account.disabled ? "staff.accounts.enable" : "staff.accounts.disable")}
        </button>
      </td>
    </tr>
  );
}

/** The form of a new account: username, display name, role and a first password. */
function NewAccountForm() {
  const { t } = useI18n();
  const run = useStaffAction();
  const ids = { username: useId(), displayName: useId(), role: useId(), password: useId() };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const username = String(data.get("username") ?? "").trim();
    const displayName = String(data.get("displayName") ?? "").trim();
    const body = {
      username,
      role: String(data.get("role")) as StaffRole,
      password: String(data.get("password") ?? ""),
      ...(displayName ? { displayName } : {}),
    };
    void run(() => staffCall("createAccount", { body }), t("staff.accounts.done.created", { name: username })).then((ok) => {
      if (ok) form.reset();
    });
  };
  return (
    <form className="staff-form" onSubmit={submit} data-testid="staff-account-new">
      <div className="staff-field">
        <label htmlFor={ids.username}>{t("staff.accounts.username")}</label>
        <input id={ids.username} name="username" type="text" autoComplete="off" autoCapitalize="none" spellCheck={false} required data-testid="staff-account-username" />
      </div>
      <div className="staff-field">
        <label htmlFor={ids.displayName}>{t("staff.accounts.displayName")}</label>
        <input id={ids.displayName} name="displayName" type="text" autoComplete="off" maxLength={80} data-testid="staff-account-display-name" />
      </div>
      <div className="staff-field">
        <label htmlFor={ids.role}>{t("staff.accounts.role")}</label>
        <select id={ids.role} name="role" defaultValue="moderator" data-testid="staff-account-new-role">
          {STAFF_ROLES.map((role) => (
            <option key={role} value={role}>
              {t(roleKey(role))}
            </option>
          ))}
        </select>
      </div>
      <div className="staff-field">
        <label htmlFor={ids.password}>{t("staff.accounts.password")}</label>
        <input id={ids.password} name="password" type="password" autoComplete="new-password" minLength={10} required data-testid="staff-account-password" />
      </div>
      <button type="submit" className="staff-button staff-button--primary" data-testid="staff-account-create">
        {t("staff.accounts.create")}
      </button>
    </form>
  );
}

/** The Accounts view, for admins: every staff account with its role and state, and the form of a new one. */
export function AccountsView() {
  const { t } = useI18n();
  const { data, error } = useStaffResource("accounts", {});
  const accounts = data ?? [];
  return (
    <div className="staff-stack" data-testid="staff-accounts">
      <Panel title={t("staff.accounts.title")} subtitle={t("staff.accounts.hint")} className="staff-panel">
        <StaffLoadError error={error} />
        {accounts.length === 0 ? (
          <p className="panel__empty">{t("staff.accounts.empty")}</p>
        ) : (
          <StaffTable
            caption={t("staff.accounts.title")}
            head={
              <>
                <th scope="col">{t("staff.accounts.username")}</th>
                <th scope="col">{t("staff.accounts.displayName")}</th>
                <th scope="col">{t("staff.accounts.role")}</th>
                <th scope="col">{t("staff.accounts.state")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("staff.accounts.disable")}</span>
                </th>
              </>
            }
          >
            {accounts.map((account) => (
              <AccountRow key={account.id} account={account} />
            ))}
          </StaffTable>
        )}
      </Panel>
      <Panel title={t("staff.accounts.new")} className="staff-panel">
        <NewAccountForm />
      </Panel>
    </div>
  );
}
