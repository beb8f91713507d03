import { useEffect, useState, type RefObject } from "react";

/** An element's content box in px. */
export interface ElementSize {
  width: number;
  height: number;
}

/**
 * The content box of `ref`'s element, as a ResizeObserver reports it: first after the browser's own layout of the
 * frame the element appears in, then on each change (never on each render). Nothing is read in the commit: a read
 * there forced a layout of the whole new scene and a second render inside the same task (the wall's longest task
 * when its timeline came on). 0 × 0 until measured. The observer is disconnected on unmount.
 */
export function useElementSize(ref: RefObject<Element | null>): ElementSize {
  const [size, setSize] = useState<ElementSize>({ width: 0, height: 0 });
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = (width: number, height: number) =>
      setSize((old) => (old.width === width && old.height === height ? old : { width, height }));
    if (typeof ResizeObserver === "undefined") {
      const box = element.getBoundingClientRect();
      update(box.width, box.height);
      return;
    }
    const observer = new ResizeObserver(([entry]) => {
      if (entry) update(entry.contentRect.width, entry.contentRect.height);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
