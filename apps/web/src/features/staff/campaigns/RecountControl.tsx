import type { ResponseOf } from "@pulse/shared/client";
import { useEffect, useState } from "react";
import { useCampaignsI18n } from "./useCampaignsI18n";
import { StaffApiError, staffCall } from "../staffApi";
import { useStaff } from "../StaffContext";

/** Where a campaign's recount stands, as the API answers it. */
type RecountStatus = ResponseOf<"recountStatus">;

/** How often a running recount is asked where it stands. */
export const RECOUNT_POLL_MS = 1_000;

/** Where the control stands: nothing asked yet, a recount's status, or why it could not be asked. */
type RecountState = { kind: "idle" } | { kind: "status"; status: RecountStatus } | { kind: "error"; error: StaffApiError };

function asFailure(error: unknown): StaffApiError {
  return error instanceof StaffApiError ? error : new StaffApiError(0, String(error));
}

/**
 * The recount of one campaign (`POST /api/staff/campaigns/:id/recount`): a button, then a progress bar of the
 * stored posts read (`done` of `total`), polled with `GET …/recount` until the recount is done or failed, and
 * its final state. A 404 (unknown campaign, or a server without recounts) and other errors are shown beside it.
 */
export function RecountControl({ id, name }: { id: string; name: string }) {
  const { t, format } = useCampaignsI18n();
  const { unauthorized, changed } = useStaff();
  const [state, setState] = useState<RecountState>({ kind: "idle" });
  const running = state.kind === "status" && state.status.state === "running";

  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    const timer = setInterval(() => {
      staffCall("recountStatus", { params: { id }, signal: controller.signal }).then(
        (status) => {
          setState({ kind: "status", status });
          // The counts changed: every view reads them again.
          if (status.state === "done") changed();
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          const failure = asFailure(error);
          if (failure.status === 401) unauthorized();
          else setState({ kind: "error", error: failure });
        },
      );
    }, RECOUNT_POLL_MS);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [running, id, unauthorized, changed]);

  const start = () => {
    staffCall("recountCampaign", { params: { id } }).then(
      (status) => setState({ kind: "status", status }),
      (error: unknown) => {
        const failure = asFailure(error);
        if (failure.status === 401) unauthorized();
        else setState({ kind: "error", error: failure });
      },
    );
  };

  const status = state.kind === "status" ? state.status : null;
  return (
    <div className="campaign-recount" data-testid="campaign-recount" data-state={status?.state ?? state.kind}>
      <button type="button" className="staff-button" onClick={start} disabled={running} aria-label={t("campaigns.recount.for", { name })}>
        {t("campaigns.recount")}
      </button>
      {status && status.state !== "idle" ? (
        <>
          <progress
            className="campaign-recount__bar"
            max={Math.max(1, status.total)}
            value={status.state === "done" ? Math.max(1, status.total) : status.done}
            aria-label={t("campaigns.recount.progress", { name })}
          />
          <span className="staff-field__hint" role="status">
            {t(`campaigns.recount.${status.state}`, { done: format.number(status.done), total: format.number(status.total), error: status.error ?? "" })}
          </span>
        </>
      ) : null}
      {state.kind === "error" ? (
        <span className="staff-error" role="alert">
          {state.error.status === 404 ? t("campaigns.recount.notFound") : t("campaigns.recount.error", { error: state.error.message })}
        </span>
      ) : null}
    </div>
  );
}
