/**
 * The moderation actions, named once: the staff routes, the console and the audit log's schema take them from here.
 * Plain data, no zod, so the browser's bundles can import it.
 */

/**
 * Moderation actions on one post: `POST /api/staff/moderation/posts/:network/:id/<action>`. `approveMedia` lets
 * public screens show the post's pictures (sensitive ones, or any while the campaign's pictures need approval);
 * `unapproveMedia` withholds them again.
 */
export const POST_ACTIONS = ["hide", "unhide", "pin", "unpin", "approve", "approveMedia", "unapproveMedia"] as const;
/** Moderation actions on an author: `POST /api/staff/moderation/authors/:network/:authorId/<action>`. */
export const AUTHOR_ACTIONS = ["block", "unblock"] as const;
/** Every moderation action staff can take on a post or an author. */
export const MODERATION_ACTIONS = [...POST_ACTIONS, ...AUTHOR_ACTIONS] as const;

/** A moderation action on one post. */
export type PostAction = (typeof POST_ACTIONS)[number];
/** A moderation action on an author. */
export type AuthorAction = (typeof AUTHOR_ACTIONS)[number];
/** Any moderation action's name (the recorded action itself is models' `ModerationAction`). */
export type ModerationActionName = (typeof MODERATION_ACTIONS)[number];
