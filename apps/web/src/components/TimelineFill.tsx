/**
 * The vertical gradient under a timeline's curve, for a chart's `<defs>`. Its colours come from the stylesheet,
 * as `${block}__stop--top` and `--bottom`: SVG attributes cannot read CSS variables, classes can.
 */
export function TimelineFill({ id, block }: { id: string; block: string }) {
  return (
    <linearGradient id={id} x1="0" y1="0" x2="0" y2="1">
      <stop offset="0%" className={`${block}__stop ${block}__stop--top`} />
      <stop offset="100%" className={`${block}__stop ${block}__stop--bottom`} />
    </linearGradient>
  );
}
