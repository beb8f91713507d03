import { createContext } from "react";
import type { EmbedI18n } from "../embedI18n";
import type { EmbedParams } from "../embedParams";

/** What every React widget reads: its parameters, and its language with times in the campaign's zone. */
export interface EmbedContextValue {
  params: EmbedParams;
  i18n: EmbedI18n;
}

/** Provided by `mountEmbed`. */
export const EmbedContext = createContext<EmbedContextValue | null>(null);
