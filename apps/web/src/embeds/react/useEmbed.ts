import { useContext } from "react";
import { EmbedContext, type EmbedContextValue } from "./EmbedContext";

/** The widget's parameters and translator. */
export function useEmbed(): EmbedContextValue {
  const value = useContext(EmbedContext);
  if (!value) throw new Error("useEmbed must be used inside a widget mounted by mountEmbed");
  return value;
}
