import { useLayoutEffect, useRef } from "react";
import { useI18n } from "../../hooks/useI18n";
import type { CountUpSource } from "../../lib/countUpSource";

/**
 * The rolling number of a {@link CountUpSource}, formatted. Each frame of the roll writes the text straight into
 * this span: the roll runs at the screen's frame rate, and a React render per frame (even of this one leaf) was
 * the wall's largest share of script time. React renders the span once (again when the language changes) and
 * never owns its text.
 */
export function CountedNumber({ source }: { source: CountUpSource }) {
  const { format } = useI18n();
  const node = useRef<HTMLSpanElement>(null);
  // Before paint, so the first frame already shows the number. One text node whose data changes: a new node each
  // frame would also cost the page a style recalculation each frame.
  useLayoutEffect(() => {
    const text = document.createTextNode(format.number(source.get()));
    node.current?.replaceChildren(text);
    return source.subscribe(() => {
      text.data = format.number(source.get());
    });
  }, [source, format]);
  return <span ref={node} />;
}
