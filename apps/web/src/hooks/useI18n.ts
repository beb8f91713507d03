import { useContext } from "react";
import type { I18n } from "../i18n/i18n";
import { I18nContext } from "../i18n/I18nContext";

/** The translator and formatters of the nearest `I18nProvider`. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error("useI18n must be used inside an I18nProvider");
  return i18n;
}
