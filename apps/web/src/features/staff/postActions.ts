import { postKey, type Post } from "@pulse/shared/client";
import { useMemo } from "react";
import { useI18n } from "../../hooks/useI18n";
import { authorLabel, shortExcerpt } from "./moderationSubject";
import { staffCall, type AuthorAction, type PostAction } from "./staffApi";
import { useStaffAction } from "./useStaffAction";

/** The post action that lets a post's withheld pictures onto public screens (`POST …/posts/:network/*id/approveMedia`). */
export const APPROVE_MEDIA = "approveMedia" satisfies PostAction;

/** The console's moderation actions on posts and authors, each with its notice. */
export interface PostActions {
  post(action: PostAction, post: Post): Promise<boolean>;
  /**
   * Blocks or unblocks `network:authorId`; `label` names them in the notice. `post`, the post a block is made
   * from, lets the server record who the author is.
   */
  author(action: AuthorAction, network: string, authorId: string, label: string, post?: Post): Promise<boolean>;
}

/** Moderation actions bound to the console's notices and refresh; notices name the author and quote the post. */
export function usePostActions(): PostActions {
  const { t } = useI18n();
  const run = useStaffAction();
  return useMemo(
    () => ({
      post: (action, post) =>
        run(
          () => staffCall("postAction", { params: { network: post.network, id: post.id, action } }),
          t(`staff.done.${action}`, { author: authorLabel(post.author), excerpt: shortExcerpt(post.text) }),
        ),
      author: (action, network, authorId, label, post) =>
        run(
          () =>
            staffCall("authorAction", { params: { network, authorId, action }, body: post ? { post: postKey(post) } : {} }),
          t(`staff.done.${action}`, { author: label }),
        ),
    }),
    [run, t],
  );
}
