import { useLayoutEffect, useState, type RefObject } from "react";

/** An element's content box in px. */
export interface ElementSize {
  width: number;
  height: number;
}

/**
 * The content box of `ref`'s element, read once on mount and again only when a ResizeObserver says it changed
 * (never on each render). 0 × 0 until measured. The observer is disconnected on unmount.
 */
export function useElementSize(ref: RefObject<Element | null>): ElementSize {
  const [size, setSize] = useState<ElementSize>({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = (width: number, height: number) =>
      setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    const box = element.getBoundingClientRect();
    update(box.width, box.height);
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) update(entry.contentRect.width, entry.contentRect.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
