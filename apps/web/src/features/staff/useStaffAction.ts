import { useCallback } from "react";
import { StaffApiError } from "./staffApi";
import { useStaff } from "./StaffContext";

/**
 * Runs a state-changing request: on success, shows `done` and refreshes every list; on failure, shows the
 * server's error (a 401 returns to the login form). Resolves to whether it succeeded.
 */
export function useStaffAction(): (request: () => Promise<unknown>, done: string) => Promise<boolean> {
  const { changed, notify, unauthorized } = useStaff();
  return useCallback(
    async (request, done) => {
      try {
        await request();
        notify({ kind: "ok", text: done });
        changed();
        return true;
      } catch (error) {
        const failure = error instanceof StaffApiError ? error : new StaffApiError(0, String(error));
        if (failure.status === 401) unauthorized();
        else notify({ kind: "error", text: failure.message });
        return false;
      }
    },
    [changed, notify, unauthorized],
  );
}
