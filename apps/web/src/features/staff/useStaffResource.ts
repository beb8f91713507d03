import { useEffect, useState } from "react";
import type { EndpointName, RequestOf, ResponseOf } from "@pulse/shared/client";
import { pathOf, StaffApiError, staffRequest } from "./staffApi";
import { useStaff } from "./StaffContext";

/** What {@link useStaffResource} returns. */
export interface StaffResource<T> {
  /** The last answer, kept while a refetch runs or after it fails. */
  data: T | null;
  error: StaffApiError | null;
}

/**
 * GETs a declared staff endpoint (by its name in the shared table, with its typed request) on mount, after every
 * action (the console's `revision`), and every `pollMs` when given. A 401 sends the console back to its login
 * form. `request` null fetches nothing.
 */
export function useStaffResource<N extends EndpointName>(name: N, request: RequestOf<N> | null, pollMs = 0): StaffResource<ResponseOf<N>> {
  type T = ResponseOf<N>;
  // The path is the effect's key: a new request object with the same path refetches nothing.
  const path = request === null ? null : pathOf(name, request);
  const { revision, unauthorized } = useStaff();
  const [state, setState] = useState<StaffResource<T> & { path: string | null }>({ data: null, error: null, path });

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    let inFlight = false;
    const load = () => {
      if (inFlight) return;
      inFlight = true;
      staffRequest<T>(path, { signal: controller.signal }).then(
        (data) => {
          inFlight = false;
          setState({ data, error: null, path });
        },
        (error: unknown) => {
          inFlight = false;
          if (controller.signal.aborted) return;
          const failure = error instanceof StaffApiError ? error : new StaffApiError(0, String(error));
          if (failure.status === 401) unauthorized();
          setState((current) => ({ ...current, error: failure }));
        },
      );
    };
    load();
    const timer = pollMs > 0 ? setInterval(load, pollMs) : undefined;
    return () => {
      controller.abort();
      if (timer) clearInterval(timer);
    };
  }, [path, pollMs, revision, unauthorized]);

  // Data fetched for another path (an organization left for another) is not shown as this one's.
  return state.path === path ? { data: state.data, error: state.error } : { data: null, error: null };
}
