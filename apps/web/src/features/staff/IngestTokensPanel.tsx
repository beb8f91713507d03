import { INGEST_TOKEN_NAME_MAX, type CreatedIngestToken, type IngestToken } from "@pulse/shared/client";
import { useId, useRef, useState, type FormEvent } from "react";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { StaffApiError, staffCall } from "./staffApi";
import { useCan, useStaff } from "./StaffContext";
import { StaffLoadError } from "./StaffLoadError";
import { StaffTable } from "./StaffTable";
import { useStaffAction } from "./useStaffAction";
import { useStaffResource } from "./useStaffResource";

/** The tokens (and their last uses) are read this often while the view shows, as `/healthz` is. */
const TOKENS_POLL_MS = 5_000;

/** The secret of a token just created, shown this once with a copy button; it is not stored anywhere in the console. */
function NewSecret({ token, onDone }: { token: CreatedIngestToken; onDone: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<"copied" | "copyFailed" | null>(null);
  const field = useRef<HTMLInputElement>(null);
  const fieldId = useId();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.secret);
      setCopied("copied");
    } catch {
      // An insecure origin or a denied permission: selected for the user to copy.
      field.current?.select();
      setCopied("copyFailed");
    }
  };
  return (
    <div className="staff-token-secret" role="status" data-testid="staff-ingest-token-secret">
      <p>
        <strong>{t("staff.tokens.secret.once", { name: token.name })}</strong>
      </p>
      <label htmlFor={fieldId}>{t("staff.tokens.secret.label")}</label>
      <input id={fieldId} ref={field} type="text" readOnly value={token.secret} className="staff-token-secret__value" data-testid="staff-ingest-token-secret-value" />
      <button type="button" className="staff-button" onClick={() => void copy()} data-testid="staff-ingest-token-copy">
        {t("staff.tokens.secret.copy")}
      </button>
      {copied ? <span className="staff-field__hint">{t(copied === "copied" ? "staff.tokens.secret.copied" : "staff.tokens.secret.copyFailed")}</span> : null}
      <button type="button" className="staff-button staff-button--primary" onClick={onDone} data-testid="staff-ingest-token-secret-done">
        {t("staff.tokens.secret.done")}
      </button>
    </div>
  );
}

/** The form of a new token: a name and its campaigns (all, or some by id). */
function NewTokenForm({ onCreated }: { onCreated: (token: CreatedIngestToken) => void }) {
  const { t } = useI18n();
  const { changed, notify, unauthorized } = useStaff();
  const ids = { name: useId(), campaigns: useId(), hint: useId() };
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const list = String(data.get("campaigns") ?? "")
      .split(/[\s,]+/)
      .filter(Boolean);
    const body = { name: String(data.get("name") ?? "").trim(), campaigns: list.length === 0 ? ("all" as const) : list };
    try {
      const created = await staffCall("createIngestToken", { body });
      form.reset();
      onCreated(created);
      notify({ kind: "ok", text: t("staff.tokens.done.created", { name: created.name }) });
      changed();
    } catch (error) {
      const failure = error instanceof StaffApiError ? error : new StaffApiError(0, String(error));
      if (failure.status === 401) unauthorized();
      else notify({ kind: "error", text: failure.message });
    }
  };
  return (
    <form className="staff-form" onSubmit={(event) => void submit(event)} data-testid="staff-ingest-token-new">
      <div className="staff-field">
        <label htmlFor={ids.name}>{t("staff.tokens.name")}</label>
        <input id={ids.name} name="name" type="text" autoComplete="off" maxLength={INGEST_TOKEN_NAME_MAX} required data-testid="staff-ingest-token-name" />
      </div>
      <div className="staff-field">
        <label htmlFor={ids.campaigns}>{t("staff.tokens.campaigns")}</label>
        <input id={ids.campaigns} name="campaigns" type="text" autoComplete="off" spellCheck={false} aria-describedby={ids.hint} data-testid="staff-ingest-token-campaigns" />
        <span className="staff-field__hint" id={ids.hint}>
          {t("staff.tokens.campaignsHint")}
        </span>
      </div>
      <button type="submit" className="staff-button staff-button--primary" data-testid="staff-ingest-token-create">
        {t("staff.tokens.create")}
      </button>
    </form>
  );
}

/** One token's row: name, campaigns, creation, last use and (for admins) revoke, confirmed first. */
function TokenRow({ token, canRevoke }: { token: IngestToken; canRevoke: boolean }) {
  const { t, format } = useI18n();
  const run = useStaffAction();
  const [confirming, setConfirming] = useState(false);
  const revoke = () => void run(() => staffCall("revokeIngestToken", { params: { id: token.id } }), t("staff.tokens.done.revoked", { name: token.name }));
  return (
    <tr data-testid="staff-ingest-token" data-token-id={token.id}>
      <th scope="row">{token.name}</th>
      <td>{token.campaigns === "all" ? t("staff.tokens.allCampaigns") : token.campaigns.join(", ")}</td>
      <td>{format.timeWithSeconds(token.createdAt)}</td>
      <td data-testid="staff-ingest-token-last-use">{token.lastUsedAt ? format.timeWithSeconds(token.lastUsedAt) : t("staff.tokens.never")}</td>
      {canRevoke ? (
        <td>
          {confirming ? (
            <span className="staff-token-confirm">
              {t("staff.tokens.confirm", { name: token.name })}{" "}
              <button type="button" className="staff-button staff-button--danger" onClick={revoke} data-testid="staff-ingest-token-revoke-confirm">
                {t("staff.tokens.revoke")}
              </button>{" "}
              <button type="button" className="staff-button" onClick={() => setConfirming(false)}>
                {t("staff.tokens.cancel")}
              </button>
            </span>
          ) : (
            <button type="button" className="staff-button staff-button--danger" onClick={() => setConfirming(true)} data-testid="staff-ingest-token-revoke">
              {t("staff.tokens.revoke")}
            </button>
          )}
        </td>
      ) : null}
    </tr>
  );
}

/**
 * The ingest tokens of the Sources view: every role sees each token and its last use; admins create them (the
 * secret shown once) and revoke them. `INGEST_TOKEN`, when set, is not listed: it is in the deployment's settings.
 */
export function IngestTokensPanel() {
  const { t } = useI18n();
  const can = useCan();
  const { data, error } = useStaffResource("ingestTokens", {}, TOKENS_POLL_MS);
  const [created, setCreated] = useState<CreatedIngestToken | null>(null);
  const tokens = data ?? [];
  const canRevoke = can("revokeIngestToken");
  return (
    <Panel title={t("staff.tokens.title")} subtitle={t("staff.tokens.hint")} className="staff-panel" testId="staff-ingest-tokens">
      <StaffLoadError error={error} />
      {created ? <NewSecret token={created} onDone={() => setCreated(null)} /> : null}
      {tokens.length === 0 ? (
        <p className="panel__empty">{t("staff.tokens.empty")}</p>
      ) : (
        <StaffTable
          caption={t("staff.tokens.title")}
          head={
            <>
              <th scope="col">{t("staff.tokens.name")}</th>
              <th scope="col">{t("staff.tokens.campaigns")}</th>
              <th scope="col">{t("staff.tokens.createdAt")}</th>
              <th scope="col">{t("staff.tokens.lastUse")}</th>
              {canRevoke ? (
                <th scope="col">
                  <span className="visually-hidden">{t("staff.tokens.revoke")}</span>
                </th>
              ) : null}
            </>
          }
        >
          {tokens.map((token) => (
            <TokenRow key={token.id} token={token} canRevoke={canRevoke} />
          ))}
        </StaffTable>
      )}
      {can("createIngestToken") ? <NewTokenForm onCreated={setCreated} /> : null}
    </Panel>
  );
}
