/** Pulse's mark, a heartbeat line in the text colour, in a decorative box the caller's `className` sizes. */
export function PulseLogo({ className }: { className: string }) {
  return (
    <span className={className} aria-hidden="true">
      <svg viewBox="0 0 32 32" width="100%" height="100%">
        <path d="M3 17h7l3-8 5 15 3-7h8" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    </span>
  );
}
