import { postKey, type Post } from "@pulse/shared/client";
import { memo, type CSSProperties } from "react";
import { MediaTile } from "../../components/media/MediaTile";
import { useI18n } from "../../hooks/useI18n";
import { authorName } from "../../lib/authorName";
import { SceneHeading } from "./SceneHeading";
import { mosaicGrid, wallPhotos } from "./wallData";

/**
 * The photos scene: the newest posts' pictures as a mosaic that fills the screen, at any size, without
 * scrolling (a grid of at most 4 × 3 equal tiles, each picture cropped to its tile). Each tile names its
 * author. Videos and GIFs show as their poster with a play mark; nothing plays.
 */
export const PhotosScene = memo(function PhotosScene({ recent }: { recent: readonly Post[] }) {
  const { t } = useI18n();
  const photos = wallPhotos(recent);
  if (photos.length === 0) return <SceneHeading title={t("wall.photos.title")} subtitle={t("wall.photos.empty")} />;
  const { columns, rows } = mosaicGrid(photos.length);
  return (
    <ul
      className="wall-photos"
      aria-label={t("wall.photos.title")}
      style={{ "--photo-columns": columns, "--photo-rows": rows } as CSSProperties}
    >
      {photos.map(({ post, picture }) => (
        <li key={`${postKey(post)} ${picture.src}`} className="wall-photo" data-testid="wall-photo" data-post={postKey(post)}>
          <MediaTile shown={picture} say={t} fill />
          <p className="wall-photo__caption">
            <span className="wall-photo__name">{authorName(post)}</span> <span className="wall-photo__handle">@{post.author.handle}</span>
          </p>
        </li>
      ))}
    </ul>
  );
});
