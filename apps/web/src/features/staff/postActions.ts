import { postKey, type Post } from "@pulse/shared/client";
import { useMemo } from "react";
import { useI18n } from "../../hooks/useI18n";
import { authorActionPath, postActionPath, staffRequest, type AuthorAction, type PostAction } from "./staffApi";
import { useStaffAction } from "./useStaffAction";

/** The console's moderation actions on posts and authors, each with its notice. */
export interface PostActions {
  post(action: PostAction, post: Pick<Post, "network" | "id">): Promise<boolean>;
  author(action: AuthorAction, network: string, authorId: string, label: string): Promise<boolean>;
}

/** Moderation actions bound to the console's notices and refresh. */
export function usePostActions(): PostActions {
  const { t } = useI18n();
  const run = useStaffAction();
  return useMemo(
    () => ({
      post: (action, post) =>
        run(
          () => staffRequest(postActionPath(post.network, post.id, action), { method: "POST" }),
          t(`staff.done.${action}`, { post: postKey(post) }),
        ),
      author: (action, network, authorId, label) =>
        run(
          () => staffRequest(authorActionPath(network, authorId, action), { method: "POST" }),
          t(`staff.done.${action}`, { author: label }),
        ),
    }),
    [run, t],
  );
}
