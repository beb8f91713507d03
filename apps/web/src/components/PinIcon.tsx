/**
 * A pushpin drawn in the text colour, beside the word "Pinned": an inline SVG rather than the 📌 emoji, which a
 * kiosk without an emoji font shows as an empty box. Decorative: the word beside it says it.
 */
export function PinIcon({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 24 24" width="1em" height="1em" aria-hidden="true" focusable="false">
      <path
        d="M9 3h6l-1 6 4 4v2h-5v6l-1 1-1-1v-6H6v-2l4-4z"
        fill="currentColor"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinejoin="round"
      />
    </svg>
  );
}
