import { createContext } from "react";
import type { I18n } from "./i18n";

/** The UI language, translator and formatters of the nearest `I18nProvider`. */
export const I18nContext = createContext<I18n | null>(null);
