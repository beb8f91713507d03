import { flagUrl } from "./flagUrls";

/**
 * A country's flag as an image (see `flagUrls.ts`), or nothing when the code has none. `label` is its text
 * alternative, the country's name; leave it out where the name is written beside the flag, so it is not read
 * twice.
 */
export function Flag({ code, label, className }: { code: string; label?: string | undefined; className?: string | undefined }) {
  const src = flagUrl(code);
  if (!src) return null;
  return (
    <img
      className={className ? `flag ${className}` : "flag"}
      src={src}
      alt={label ?? ""}
      title={label}
      width={4}
      height={3}
      decoding="async"
      draggable={false}
      data-country={code}
    />
  );
}
