import { useCallback, useEffect, useRef, useState } from "react";

/**
 * Whether an element has come near the viewport (within `margin`, a CSS margin such as "50%"), and stays true
 * from then on: a part below the fold, such as a chart, is drawn only once someone may see it, not during the
 * page's load. Returns a callback ref for the element. Without IntersectionObserver it is true at once.
 */
export function useNearViewport<T extends Element>(margin = "50%"): [(node: T | null) => void, boolean] {
  const [near, setNear] = useState(() => typeof IntersectionObserver === "undefined");
  const observer = useRef<IntersectionObserver | null>(null);
  const ref = useCallback(
    (node: T | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!node || near) return;
      observer.current = new IntersectionObserver(
        (entries) => {
          if (!entries.some((entry) => entry.isIntersecting)) return;
          observer.current?.disconnect();
          setNear(true);
        },
        { rootMargin: margin },
      );
      observer.current.observe(node);
    },
    [margin, near],
  );
  // The observer goes with the component.
  useEffect(() => () => observer.current?.disconnect(), []);
  return [ref, near];
}
