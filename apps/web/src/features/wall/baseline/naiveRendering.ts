/**
 * The benchmark baseline's rendering (`/wall?client=naive`, see apps/bench/src/web), as issue 19 names it: "no
 * memoisation and no windowing". The baseline wall keeps the live wall's components and turns off what was built
 * to spare them work: each scene renders again whenever the page does (not only when its data changed), the page
 * renders again on every step of the count-up roll (the number held in its state, as a first version would), and
 * the feed lists every recent post rather than the few that fit. Nothing here is slowed on purpose: it is the
 * same code with those savings left out.
 */
import { useEffect, useState, type ComponentType, type MemoExoticComponent } from "react";
import type { CountUpSource } from "../../../lib/countUpSource";

// `any` as React's own typings do for a component whose props are not known here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Memoised = MemoExoticComponent<ComponentType<any>>;

/** `components` without their `memo()` wrappers: each renders again whenever its parent does. */
export function unmemoised<T extends Record<string, Memoised>>(components: T): { [K in keyof T]: T[K]["type"] } {
  return Object.fromEntries(Object.entries(components).map(([name, component]) => [name, component.type])) as { [K in keyof T]: T[K]["type"] };
}

/**
 * When `on`, the calling component renders again on every step of `source`'s roll, as a page that keeps the
 * rolling number in its state does; when off, nothing (the live wall's readers write the number themselves).
 */
export function useRollInPageState(source: CountUpSource, on: boolean): void {
  const [, setShown] = useState(() => source.get());
  useEffect(() => (on ? source.subscribe(() => setShown(source.get())) : undefined), [source, on]);
}
