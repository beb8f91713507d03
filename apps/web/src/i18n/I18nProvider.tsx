import { useContext, useEffect, useMemo, type ReactNode } from "react";
import { createI18n } from "./i18n";
import { I18nContext } from "./I18nContext";
import type { Lang } from "./language";

/** Props of {@link I18nProvider}. */
export interface I18nProviderProps {
  /** The UI language; a nested provider without one keeps its parent's. */
  lang?: Lang;
  /** The IANA time zone to show times in, usually the campaign's; a nested provider without one keeps its parent's. */
  timeZone?: string | undefined;
  children: ReactNode;
}

/** Provides the translator and formatters to everything below it, and keeps `<html lang>` in step. */
export function I18nProvider({ lang, timeZone, children }: I18nProviderProps) {
  const parent = useContext(I18nContext);
  const resolvedLang = lang ?? parent?.lang ?? "fr";
  const resolvedZone = timeZone ?? parent?.format.timeZone;
  const value = useMemo(() => createI18n(resolvedLang, resolvedZone), [resolvedLang, resolvedZone]);

  useEffect(() => {
    document.documentElement.lang = resolvedLang;
  }, [resolvedLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
