import { NETWORK_MEDIA_HOSTS, type ModeratedPost, type Post } from "@pulse/shared/client";
import { useState } from "react";
import { PostMedia } from "../../components/media/PostMedia";
import { useI18n } from "../../hooks/useI18n";
import { usePostActions } from "./postActions";
import { useStaff } from "./StaffContext";
import { useStaffResource } from "./useStaffResource";

/** Whether the store holds the post's media approved (`Post.mediaApproved`); unknown until its staff copy is read. */
function mediaApprovedOf(item: ModeratedPost | null): boolean | undefined {
  return item ? item.post.mediaApproved === true : undefined;
}

/**
 * A post's pictures at full size, as staff see them. The live feed comes from the public snapshot, whose withheld
 * items carry no URL: the post's staff copy is then fetched, with its URLs. A sensitive picture stays blurred
 * until "Reveal", on this screen only (nothing is sent); "Approve media" lets a withheld one onto the walls. Only
 * URLs on the session's `mediaHosts` are rendered.
 */
export function StaffMedia({ post }: { post: Post }) {
  const { t } = useI18n();
  const { mediaHosts } = useStaff();
  const actions = usePostActions();
  const [revealed, setRevealed] = useState(false);
  const withheld = post.media?.some((item) => item.withheld !== undefined) ?? false;
  const { data: staffCopy } = useStaffResource("moderatedPost", withheld ? { params: { network: post.network, id: post.id } } : null);
  if (!post.media?.length) return null;
  const shown = staffCopy?.post ?? post;
  const sensitive = shown.media?.some((item) => item.sensitive || item.withheld === "sensitive") ?? false;
  const approved = mediaApprovedOf(staffCopy);
  const awaiting = approved === false || (approved === undefined && withheld);
  return (
    <div className="staff-media" data-testid="staff-media" data-revealed={revealed} data-awaiting={awaiting}>
      <PostMedia post={shown} hosts={mediaHosts ?? NETWORK_MEDIA_HOSTS} say={t} revealed={revealed} max={4} />
      {sensitive || awaiting ? (
        <p className="staff-media__actions">
          {sensitive ? (
            <button type="button" className="staff-button" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)} data-testid="staff-reveal">
              {revealed ? t("staff.media.conceal") : t("staff.media.reveal")}
            </button>
          ) : null}
          {awaiting ? (
            <>
              <span className="staff-badge staff-badge--pending">{t("staff.state.mediaPending")}</span>
              <button
                type="button"
                className="staff-button staff-button--primary"
                onClick={() => void actions.post("approveMedia", post)}
                data-testid="staff-approve-media"
              >
                {t("staff.action.approveMedia")}
              </button>
            </>
          ) : null}
        </p>
      ) : null}
    </div>
  );
}
