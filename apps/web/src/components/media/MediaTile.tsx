import "./media.css";
import { useState, type CSSProperties, type ReactNode } from "react";
import { MediaBlur } from "./MediaBlur";
import { mediaAspect, mediaName, type MediaSay, type MediaShown } from "./mediaView";

/** Props of {@link MediaTile}. */
export interface MediaTileProps {
  shown: MediaShown;
  say: MediaSay;
  /** The tile fills its parent (a mosaic cell) and crops the picture; else its box takes the item's proportions. */
  fill?: boolean;
  /** Drawn over a blur: the console's "Reveal" button. */
  children?: ReactNode;
  className?: string;
}

/** The play mark on a video's or GIF's poster: a still, never a player, so nothing ever plays (or sounds). */
function PlayMark() {
  return (
    <span className="media__play" aria-hidden="true">
      <svg viewBox="0 0 24 24" focusable="false">
        <path d="M8 5v14l11-7z" />
      </svg>
    </span>
  );
}

/**
 * One picture of a post. Its box has the item's proportions before the picture loads (no layout jump); the
 * picture loads lazily, decodes off the main thread and sends no referrer, so a partner's page never tells the
 * network who reads it. Its alt text is its accessible name, a missing one is said. A picture that fails to load
 * leaves a neat placeholder; a withheld or unrevealed sensitive item is a labelled blur.
 */
export function MediaTile({ shown, say, fill = false, children, className }: MediaTileProps) {
  const [failed, setFailed] = useState<string | null>(null);
  const { item } = shown;
  const name = mediaName(item, say);
  const state = shown.kind === "picture" && failed === shown.src ? "failed" : shown.kind;
  const style: CSSProperties | undefined = fill ? undefined : { aspectRatio: mediaAspect(item) };
  const classes = ["media", `media--${state}`, `media--${item.type}`, fill ? "media--fill" : "", className ?? ""].filter(Boolean).join(" ");

  if (shown.kind === "blur") {
    const label = say(shown.reason === "approval" ? "media.awaitingApproval" : "media.sensitive");
    return (
      <div className={classes} style={style} data-testid="media" data-media-state="blur" data-reason={shown.reason}>
        <MediaBlur blurhash={item.blurhash} />
        <span className="media__label" role="img" aria-label={label}>
          <span aria-hidden="true">{label}</span>
        </span>
        {children}
      </div>
    );
  }
  if (state !== "picture" || shown.kind !== "picture") {
    return (
      <div className={classes} style={style} data-testid="media" data-media-state={state} role="img" aria-label={name}>
        <span className="media__failed" aria-hidden="true">
          {shown.kind === "picture" ? say("media.failed") : null}
        </span>
        {shown.moving ? <PlayMark /> : null}
      </div>
    );
  }
  return (
    <div className={classes} style={style} data-testid="media" data-media-state="picture">
      <img
        className="media__img"
        src={shown.src}
        alt={name}
        width={item.width}
        height={item.height}
        loading="lazy"
        decoding="async"
        referrerPolicy="no-referrer"
        onError={() => setFailed(shown.src)}
      />
      {shown.moving ? <PlayMark /> : null}
    </div>
  );
}
