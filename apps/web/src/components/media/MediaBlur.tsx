import { useEffect, useRef } from "react";

/** The blurhash is drawn this small and scaled up by CSS: a blur needs no more pixels. */
const BLUR_SIZE = 32;

/**
 * The blur of a picture not shown: its blurhash drawn on a small canvas when the network gave one, else a
 * neutral blurred box. The decoder is loaded only when a blurhash is there to draw, so the screens (and the feed
 * widget) that never meet one do not load it.
 */
export function MediaBlur({ blurhash }: { blurhash: string | undefined }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!blurhash) return;
    let cancelled = false;
    void import("blurhash")
      .then(({ decode, isBlurhashValid }) => {
        const context = canvas.current?.getContext("2d");
        if (cancelled || !context || !isBlurhashValid(blurhash).result) return;
        const image = context.createImageData(BLUR_SIZE, BLUR_SIZE);
        image.data.set(decode(blurhash, BLUR_SIZE, BLUR_SIZE));
        context.putImageData(image, 0, 0);
      })
      // A bad hash or a failed chunk leaves the neutral box: a blur is never worth an error.
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [blurhash]);
  return blurhash ? (
    <canvas ref={canvas} className="media__blur" width={BLUR_SIZE} height={BLUR_SIZE} aria-hidden="true" />
  ) : (
    <span className="media__blur media__blur--neutral" aria-hidden="true" />
  );
}
