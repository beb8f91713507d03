/**
 * What public screens (walls, embeds, the dashboard) may see of a post's media: the one projection every post takes
 * on its way to them, through the relay (socket snapshots and deltas, `GET /api/snapshot`, `/api/c/:id/snapshot`).
 * Staff endpoints read the store and get posts as stored.
 */
import { isAllowedMediaUrl, type Campaign, type Change, type MediaItem, type Post } from "@pulse/shared";

/** What decides a campaign's public media: the node's allowed hosts and the campaign's `mediaApproval`. */
export interface MediaPolicy {
  /** `Config.MEDIA_ALLOWED_HOSTS`. */
  hosts: readonly string[];
  /** The campaign's setting; absent: `off`. */
  approval: Campaign["mediaApproval"];
}

/** The items of `media` whose `url` and `previewUrl` (when given) are both on the allowlist. */
function allowedItems(media: readonly MediaItem[], hosts: readonly string[]): MediaItem[] {
  return media.filter((item) => isAllowedMediaUrl(item.url, hosts) && (item.previewUrl === undefined || isAllowedMediaUrl(item.previewUrl, hosts)));
}

/** An item public screens may not show yet: its box (size, alt text, blur), never its URLs. */
function withheldItem(item: MediaItem, withheld: NonNullable<MediaItem["withheld"]>): MediaItem {
  const { type, width, height, alt, blurhash, sensitive } = item;
  return {
    type,
    ...(width !== undefined ? { width } : {}),
    ...(height !== undefined ? { height } : {}),
    ...(alt !== undefined ? { alt } : {}),
    ...(blurhash !== undefined ? { blurhash } : {}),
    ...(sensitive !== undefined ? { sensitive } : {}),
    withheld,
    url: "",
    previewUrl: "",
  };
}

/**
 * A post as public screens get it. An item whose `url` or `previewUrl` is off the allowlist is dropped (no item
 * left: no `media`). Unless staff approved the post's media (`mediaApproved`), a sensitive item is withheld as
 * `sensitive`, and while the campaign's pictures need approval (`pictures`, or `posts` for a post that showed
 * without its media approved: it came before the setting) any other item as `approval`. A post without media, or
 * whose media all show as they are, is returned as is (the same object).
 */
export function publicPost(post: Post, policy: MediaPolicy): Post {
  const media = post.media;
  if (media === undefined) return post;
  const allowed = allowedItems(media, policy.hosts);
  const approved = post.mediaApproved === true;
  const needsApproval = !approved && policy.approval !== undefined && policy.approval !== "off";
  const shown = allowed.map((item) => {
    if (approved) return item;
    if (item.sensitive === true) return withheldItem(item, "sensitive");
    return needsApproval ? withheldItem(item, "approval") : item;
  });
  if (shown.length === media.length && shown.every((item, i) => item === media[i])) return post;
  const { media: _stored, ...rest } = post;
  return shown.length === 0 ? rest : { ...rest, media: shown };
}

/**
 * True when public screens would show any of the post's media (withheld or not): what makes a new post wait whole
 * for approval while its campaign's `mediaApproval` is `posts`.
 */
export function hasPublicMedia(post: Post, hosts: readonly string[]): boolean {
  return post.media !== undefined && allowedItems(post.media, hosts).length > 0;
}

/** A change with its posts (and pinned list) projected by `project`; the change itself when none changed. */
export function projectChange(change: Change, project: (post: Post) => Post): Change {
  const posts = projectAll(change.posts, project);
  const pinned = change.pinned && projectAll(change.pinned, project);
  if (posts === change.posts && pinned === change.pinned) return change;
  return { ...change, posts, ...(pinned ? { pinned } : {}) };
}

/** The posts projected, or the very array when no post changed. */
function projectAll(posts: Post[], project: (post: Post) => Post): Post[] {
  let out: Post[] | undefined;
  for (let i = 0; i < posts.length; i += 1) {
    const post = posts[i] as Post;
    const projected = project(post);
    if (projected !== post) {
      out ??= posts.slice();
      out[i] = projected;
    }
  }
  return out ?? posts;
}
