import { useI18n } from "../../hooks/useI18n";
import type { CountUpSource } from "./countUpSource";
import { useCounted } from "./useCountUp";

/**
 * The rolling number of a {@link CountUpSource}, formatted: a leaf of its own, so a frame of the roll
 * re-renders this text and not the scene or the page around it.
 */
export function CountedNumber({ source }: { source: CountUpSource }) {
  const { format } = useI18n();
  return format.number(useCounted(source));
}
