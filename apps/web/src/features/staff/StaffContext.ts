import { ENDPOINTS, roleAllows, type EndpointName, type EndpointSpec, type StaffRole } from "@pulse/shared/client";
import { createContext, useContext } from "react";

/** A line the console shows after an action: what was done, or what went wrong. */
export interface StaffNotice {
  kind: "ok" | "error";
  text: string;
}

/** What every part of the console shares. */
export interface StaffContextValue {
  /** Bumped after every action, so each list refetches at once rather than at its next poll. */
  revision: number;
  /** Call after a successful change. */
  changed(): void;
  /** Shows a notice (success in a status region, errors in an alert). */
  notify(notice: StaffNotice): void;
  /** A 401 on any request: the session expired, back to the login form. */
  unauthorized(): void;
  /** The hosts post media may load from, from the session; undefined from a server that does not say. */
  mediaHosts?: readonly string[] | undefined;
  /** The role signed in; the console hides what it may not do (the server refuses it anyway, with 403). */
  role: StaffRole;
}

/** The console's shared state; provided by `StaffConsole`. */
export const StaffContext = createContext<StaffContextValue | null>(null);

/** Whether the signed-in role may call a staff endpoint (its `staff` role in the table): hide the controls it may not use. */
export function useCan(): (endpoint: EndpointName) => boolean {
  const { role } = useStaff();
  return (endpoint) => {
    const spec: EndpointSpec = ENDPOINTS[endpoint];
    return spec.staff === undefined || roleAllows(role, spec.staff);
  };
}

/** The nearest console's shared state. */
export function useStaff(): StaffContextValue {
  const value = useContext(StaffContext);
  if (!value) throw new Error("useStaff must be used inside the staff console");
  return value;
}
