import { createContext } from "react";
import type { EmbedI18n } from "../embedI18n";
import type { EmbedParams } from "../embedParams";

/** What every React widget reads: its parameters, and its language with times in the campaign's zone. */
export interface EmbedContextValue {
  params: EmbedParams;
  i18n: EmbedI18n;
  /** The campaign's end (ISO), once the campaign is loaded: the live badge reads "ended" after it. */
  end?: string | null;
}

/** Provided by `mountEmbed`. */
export const EmbedContext = createContext<EmbedContextValue | null>(null);
