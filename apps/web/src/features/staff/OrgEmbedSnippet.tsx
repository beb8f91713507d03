import { useId, useRef, useState } from "react";
import { useI18n } from "../../hooks/useI18n";
import { pageCampaign } from "../../lib/campaignPath";
import { orgEmbedSnippet } from "./orgEmbedSnippet";

/**
 * The organization widget's snippet for a partner's page, with or without its latest posts, and a button that
 * copies it. Where the clipboard is refused (an insecure origin, a denied permission), the snippet is selected
 * for the user to copy.
 */
export function OrgEmbedSnippet({ org }: { org: string }) {
  const { t } = useI18n();
  const [feed, setFeed] = useState(false);
  const [copied, setCopied] = useState<"copied" | "copyFailed" | null>(null);
  const text = useRef<HTMLTextAreaElement>(null);
  const fieldId = useId();
  const hintId = useId();
  const snippet = orgEmbedSnippet({ origin: location.origin, campaign: pageCampaign(), org, feed });

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied("copied");
    } catch {
      text.current?.select();
      setCopied("copyFailed");
    }
  };

  return (
    <section className="staff-embed" aria-labelledby={`${fieldId}-title`} data-testid="staff-org-embed">
      <h3 id={`${fieldId}-title`} className="staff-embed__title">
        {t("staff.org.embed.title")}
      </h3>
      <p className="staff-field__hint" id={hintId}>
        {t("staff.org.embed.hint")}
      </p>
      <label className="staff-check">
        <input
          type="checkbox"
          checked={feed}
          onChange={(event) => {
            setFeed(event.currentTarget.checked);
            setCopied(null);
          }}
          data-testid="staff-org-embed-feed"
        />{" "}
        {t("staff.org.embed.feed")}
      </label>
      <label className="visually-hidden" htmlFor={fieldId}>
        {t("staff.org.embed.label")}
      </label>
      <textarea
        id={fieldId}
        ref={text}
        className="staff-embed__code"
        readOnly
        rows={3}
        value={snippet}
        aria-describedby={hintId}
        onFocus={(event) => event.currentTarget.select()}
        data-testid="staff-org-embed-code"
      />
      <div className="staff-embed__actions">
        <button type="button" className="staff-button staff-button--primary" onClick={() => void copy()} data-testid="staff-org-embed-copy">
          {t("staff.org.embed.copy")}
        </button>
        <span role="status" className="staff-field__hint" data-testid="staff-org-embed-copied">
          {copied ? t(`staff.org.embed.${copied}`) : ""}
        </span>
      </div>
    </section>
  );
}
