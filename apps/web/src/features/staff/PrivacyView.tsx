import { useId, useState, type FormEvent } from "react";
import type { ErasureRequest, ErasureResult, Network } from "@pulse/shared/client";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { staffCall } from "./staffApi";
import { useStaffAction } from "./useStaffAction";

/** The networks an author may be erased on, in the form's order. */
const NETWORKS: readonly Network[] = ["x", "mastodon", "bluesky", "other"];

/** Who the form names: by author id or by handle. */
type By = "authorId" | "handle";

/** The erasure request of the form's values; undefined while the id or handle is blank. */
export function erasureRequest(network: Network, by: By, value: string): ErasureRequest | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  return by === "authorId" ? { network, authorId: trimmed } : { network, handle: trimmed };
}

/**
 * Privacy (admin): erases an author from every campaign with `POST /api/staff/privacy/erase`, after a confirmation
 * that names who and says it cannot be undone, then says how many posts were erased where. See docs/privacy.md.
 */
export function PrivacyView() {
  const { t, plural } = useI18n();
  const run = useStaffAction();
  const ids = { network: useId(), by: useId(), value: useId(), hint: useId() };
  const [network, setNetwork] = useState<Network>("x");
  const [by, setBy] = useState<By>("authorId");
  const [value, setValue] = useState("");
  const [confirming, setConfirming] = useState<ErasureRequest | undefined>();
  const [result, setResult] = useState<ErasureResult | undefined>();

  const ask = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setResult(undefined);
    setConfirming(erasureRequest(network, by, value));
  };
  const erase = async (request: ErasureRequest) => {
    let answer: ErasureResult | undefined;
    const ok = await run(async () => {
      answer = await staffCall("eraseAuthor", { body: request });
    }, t("staff.privacy.done"));
    setConfirming(undefined);
    if (ok && answer) {
      setResult(answer);
      setValue("");
    }
  };
  const who = (request: ErasureRequest) =>
    `${request.authorId !== undefined ? t("staff.privacy.byId", { id: request.authorId }) : `@${request.handle?.replace(/^@+/, "")}`} · ${t(`staff.privacy.network.${request.network}`)}`;

  return (
    <Panel title={t("staff.privacy.title")} subtitle={t("staff.privacy.subtitle")} testId="staff-privacy" className="staff-panel">
      <form className="staff-form" onSubmit={ask} data-testid="staff-privacy-form">
        <div className="staff-form--inline">
          <div className="staff-field">
            <label htmlFor={ids.network}>{t("staff.privacy.networkLabel")}</label>
            <select id={ids.network} value={network} onChange={(event) => setNetwork(event.target.value as Network)} data-testid="staff-privacy-network">
              {NETWORKS.map((n) => (
                <option key={n} value={n}>
                  {t(`staff.privacy.network.${n}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="staff-field">
            <label htmlFor={ids.by}>{t("staff.privacy.byLabel")}</label>
            <select id={ids.by} value={by} onChange={(event) => setBy(event.target.value as By)} data-testid="staff-privacy-by">
              <option value="authorId">{t("staff.privacy.by.authorId")}</option>
              <option value="handle">{t("staff.privacy.by.handle")}</option>
            </select>
          </div>
          <div className="staff-field">
            <label htmlFor={ids.value}>{by === "authorId" ? t("staff.privacy.by.authorId") : t("staff.privacy.by.handle")}</label>
            <input
              id={ids.value}
              value={value}
              onChange={(event) => setValue(event.target.value)}
              aria-describedby={ids.hint}
              required
              maxLength={256}
              spellCheck={false}
              data-testid="staff-privacy-value"
            />
          </div>
        </div>
        <p className="staff-field__hint" id={ids.hint}>
          {t("staff.privacy.hint")}
        </p>
        <div className="staff-buttons">
          <button type="submit" className="staff-button staff-button--danger" data-testid="staff-privacy-erase">
            {t("staff.privacy.erase")}
          </button>
        </div>
      </form>
      {confirming ? (
        <div className="staff-confirm" role="alertdialog" aria-labelledby={`${ids.value}-confirm`} data-testid="staff-privacy-confirm">
          <p id={`${ids.value}-confirm`}>{t("staff.privacy.confirm", { who: who(confirming) })}</p>
          <div className="staff-buttons">
            <button type="button" className="staff-button staff-button--danger" onClick={() => void erase(confirming)} data-testid="staff-privacy-confirm-yes">
              {t("staff.privacy.confirmYes")}
            </button>
            <button type="button" className="staff-button" onClick={() => setConfirming(undefined)}>
              {t("staff.privacy.cancel")}
            </button>
          </div>
        </div>
      ) : null}
      {result ? (
        <div className="staff-result" role="status" data-testid="staff-privacy-result">
          <p>
            <strong>{plural("staff.privacy.erased", result.erased)}</strong> · {t("staff.privacy.ref", { ref: result.ref })}
          </p>
          {result.campaigns.length > 0 ? (
            <ul>
              {result.campaigns.map((c) => (
                <li key={c.campaign}>
                  {c.campaign}: {plural("staff.privacy.erased", c.posts)}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </Panel>
  );
}
