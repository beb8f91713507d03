import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { brandVariables } from "../../../components/brand";
import { contrastRatio, parseHex } from "../../../components/contrast";
import { THEME_SURFACES, THEMES } from "../../../components/theme";
import { useCampaignsI18n, type CampaignsKey } from "./useCampaignsI18n";
import { StaffApiError, staffCall, type StaffApiIssue } from "../staffApi";
import { useStaff } from "../StaffContext";
import { RetentionNote } from "./RetentionNote";
import { draftToCampaign, MEDIA_APPROVALS, type CampaignDraft, type HashtagRow, type MediaApproval } from "./campaignDraft";
import { CampaignPreview } from "./CampaignPreview";
import { FieldError, fieldProps, type FieldErrors } from "./FieldError";
import { editorFields, fieldInputId, placeIssues } from "./issueFields";
import { OrganizationsEditor } from "./OrganizationsEditor";

/** Every IANA time zone the browser knows, for the time zone field's suggestions. */
const TIME_ZONES: readonly string[] = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];

/** Props of {@link CampaignEditor}. */
export interface CampaignEditorProps {
  /** `create` posts a new campaign; `edit` puts the whole campaign back under its id, which stays fixed. */
  mode: "create" | "edit";
  initial: CampaignDraft;
  /** Back to the list, after a save or a cancel. */
  onClose(): void;
}

/** A labelled field with its hint and its error beside it. */
function Field({ field, label, hint, errors, children }: { field: string; label: string; hint?: string; errors: FieldErrors; children(props: ReturnType<typeof fieldProps>): ReactNode }) {
  const hintId = useId();
  return (
    <div className="staff-field campaign-field">
      <label htmlFor={fieldInputId(field)}>{label}</label>
      {children(fieldProps(field, errors, hint ? hintId : undefined))}
      {hint ? (
        <p className="staff-field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <FieldError field={field} errors={errors} />
    </div>
  );
}

/** How a brand colour will look on each theme: as chosen, or the nearest shade the wall uses for contrast. */
function BrandContrast({ primary, accent }: { primary: string; accent: string }) {
  const { t } = useCampaignsI18n();
  if (!parseHex(primary) || primary.length !== 7) return null;
  const brand = { primary, accent: parseHex(accent) && accent.length === 7 ? accent : undefined };
  return (
    <ul className="campaign-contrast" data-testid="campaign-contrast">
      {THEMES.map((theme) => {
        const used = brandVariables(brand, theme)["--brand-text"];
        const ratio = contrastRatio(used, THEME_SURFACES[theme].bg).toFixed(1);
        const kept = used.toLowerCase() === primary.toLowerCase();
        return (
          <li key={theme} data-theme-name={theme} data-kept={kept}>
            <span className="campaign-contrast__swatch" style={{ background: used }} aria-hidden="true" />
            {t(kept ? "campaigns.contrast.kept" : "campaigns.contrast.adjusted", { theme: t(`campaigns.theme.${theme}`), color: used, ratio })}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * The campaign editor: every field of a campaign, a live preview of its wall's counter, and one save that either
 * stores the whole campaign or, on a 400, shows each of the API's `issues` beside its field (and a summary that
 * links to them) and stores nothing.
 */
export function CampaignEditor({ mode, initial, onClose }: CampaignEditorProps) {
  const { t, plural } = useCampaignsI18n();
  const { notify, changed, unauthorized } = useStaff();
  const [draft, setDraft] = useState(initial);
  const [issues, setIssues] = useState<readonly StaffApiIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const summaryRef = useRef<HTMLDivElement>(null);
  const zonesId = useId();
  const titleId = useId();

  const campaign = useMemo(() => draftToCampaign(draft), [draft]);
  const fields = useMemo(() => editorFields({ hashtags: draft.hashtags.length, organizations: draft.organizations.length }), [draft.hashtags.length, draft.organizations.length]);
  const placed = useMemo(() => placeIssues(issues, fields), [issues, fields]);
  const errors = placed.byField;

  // A failed save moves focus to the summary, which lists and links every bad field.
  useEffect(() => {
    if (issues.length > 0) summaryRef.current?.focus();
  }, [issues]);

  const set = <K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) => {
    // Rows added, removed or imported: the issues' row numbers no longer match the rows on screen.
    if (Array.isArray(value) && value.length !== (draft[key] as unknown[]).length) setIssues([]);
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const setHashtag = (index: number, patch: Partial<HashtagRow>) =>
    setDraft((d) => ({ ...d, hashtags: d.hashtags.map((row, i) => (i === index ? { ...row, ...patch } : row)) }));

  const save = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaving(true);
    try {
      const saved =
        mode === "create"
          ? await staffCall("createCampaign", { body: campaign })
          : await staffCall("updateCampaign", { params: { id: initial.id }, body: campaign });
      notify({ kind: "ok", text: t(mode === "create" ? "campaigns.done.created" : "campaigns.done.saved", { name: saved.name }) });
      changed();
      onClose();
    } catch (error) {
      const failure = error instanceof StaffApiError ? error : new StaffApiError(0, String(error));
      if (failure.status === 401) {
        unauthorized();
        return;
      }
      // A 409 (the id is taken) names no field: it is the id's.
      setIssues(failure.issues.length > 0 ? failure.issues : [{ path: failure.status === 409 ? "id" : "", message: failure.message }]);
    } finally {
      setSaving(false);
    }
  };

  const timezone = draft.timezone.trim() || "—";
  return (
    <section className="campaign-editor" aria-labelledby={titleId} data-testid="campaign-editor" data-mode={mode}>
      <h2 id={titleId} className="panel__title">
        {mode === "create" ? t("campaigns.editor.create") : t("campaigns.editor.edit", { name: initial.name })}
      </h2>
      <div className="campaign-editor__layout">
        <form className="staff-form campaign-form" onSubmit={(e) => void save(e)} noValidate data-testid="campaign-form">
          {issues.length > 0 ? (
            <div className="staff-error campaign-summary" role="alert" tabIndex={-1} ref={summaryRef} data-testid="campaign-issues">
              <p>{plural("campaigns.issues", issues.length)}</p>
              <ul>
                {placed.unplaced.map((issue, i) => (
                  <li key={`unplaced-${i}`}>{issue.path ? `${issue.path}: ${issue.message}` : issue.message}</li>
                ))}
                {[...errors].map(([field, messages]) => (
                  <li key={field}>
                    <a
                      href={`#${fieldInputId(field)}`}
                      onClick={(event) => {
                        // Into the field itself, as a keyboard user expects, not just scrolled to it.
                        const input = document.getElementById(fieldInputId(field));
                        if (!input) return;
                        event.preventDefault();
                        input.focus();
                      }}
                    >
                      {field}
                    </a>
                    : {messages.join(" ")}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}

          <fieldset className="campaign-fieldset">
            <legend>{t("campaigns.section.identity")}</legend>
            <Field field="name" label={t("campaigns.field.name")} errors={errors}>
              {(props) => <input {...props} value={draft.name} onChange={(e) => set("name", e.currentTarget.value)} autoComplete="off" />}
            </Field>
            <Field field="id" label={t("campaigns.field.id")} hint={t(mode === "edit" ? "campaigns.field.id.fixed" : "campaigns.field.id.hint")} errors={errors}>
              {(props) => (
                <input {...props} value={draft.id} readOnly={mode === "edit"} onChange={(e) => set("id", e.currentTarget.value)} autoComplete="off" spellCheck={false} pattern="[a-z0-9][a-z0-9-]{0,62}" />
              )}
            </Field>
          </fieldset>

          <fieldset className="campaign-fieldset">
            <legend>{t("campaigns.section.dates")}</legend>
            <Field field="timezone" label={t("campaigns.field.timezone")} hint={t("campaigns.field.timezone.hint")} errors={errors}>
              {(props) => <input {...props} list={zonesId} value={draft.timezone} onChange={(e) => set("timezone", e.currentTarget.value)} autoComplete="off" spellCheck={false} />}
            </Field>
            <datalist id={zonesId}>
              {TIME_ZONES.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
            <div className="campaign-row">
              <Field field="start" label={t("campaigns.field.start")} hint={t("campaigns.field.inZone", { zone: timezone })} errors={errors}>
                {(props) => <input {...props} type="datetime-local" value={draft.start} onChange={(e) => set("start", e.currentTarget.value)} />}
              </Field>
              <Field field="end" label={t("campaigns.field.end")} hint={t("campaigns.field.inZone", { zone: timezone })} errors={errors}>
                {(props) => <input {...props} type="datetime-local" value={draft.end} onChange={(e) => set("end", e.currentTarget.value)} />}
              </Field>
            </div>
          </fieldset>

          <fieldset className="campaign-fieldset" data-testid="campaign-hashtags">
            <legend>{t("campaigns.field.hashtags")}</legend>
            <p className="staff-field__hint">{t("campaigns.field.hashtags.hint")}</p>
            <FieldError field="hashtags" errors={errors} />
            {draft.hashtags.map((row, index) => (
              <div className="campaign-row" key={index} data-testid="campaign-hashtag-row">
                <Field field={`hashtags.${index}.tag`} label={t("campaigns.field.hashtag", { row: index + 1 })} errors={errors}>
                  {(props) => <input {...props} value={row.tag} onChange={(e) => setHashtag(index, { tag: e.currentTarget.value })} autoComplete="off" spellCheck={false} />}
                </Field>
                <Field field={`hashtags.${index}.country`} label={t("campaigns.field.country", { row: index + 1 })} errors={errors}>
                  {(props) => <input {...props} value={row.country} size={3} onChange={(e) => setHashtag(index, { country: e.currentTarget.value })} autoComplete="off" />}
                </Field>
                <button
                  type="button"
                  className="staff-button campaign-row__remove"
                  onClick={() => set("hashtags", draft.hashtags.filter((_, i) => i !== index))}
                  aria-label={t("campaigns.field.hashtag.remove", { row: index + 1, tag: row.tag })}
                >
                  ✕
                </button>
              </div>
            ))}
            <div className="staff-buttons">
              <button type="button" className="staff-button" onClick={() => set("hashtags", [...draft.hashtags, { tag: "", country: "" }])} data-testid="campaign-hashtag-add">
                {t("campaigns.field.hashtag.add")}
              </button>
            </div>
          </fieldset>

          <fieldset className="campaign-fieldset">
            <legend>{t("campaigns.section.screens")}</legend>
            <FieldError field="goal" errors={errors} />
            <div className="campaign-row">
              <Field field="goal.posts" label={t("campaigns.field.goal")} hint={t("campaigns.field.goal.hint")} errors={errors}>
                {(props) => <input {...props} inputMode="numeric" value={draft.goalPosts} onChange={(e) => set("goalPosts", e.currentTarget.value)} />}
              </Field>
              <Field field="goal.country" label={t("campaigns.field.goalCountry")} errors={errors}>
                {(props) => <input {...props} size={3} value={draft.goalCountry} onChange={(e) => set("goalCountry", e.currentTarget.value)} />}
              </Field>
              <Field field="goal.label" label={t("campaigns.field.goalLabel")} errors={errors}>
                {(props) => <input {...props} value={draft.goalLabel} onChange={(e) => set("goalLabel", e.currentTarget.value)} />}
              </Field>
            </div>
            <FieldError field="brand" errors={errors} />
            <div className="campaign-row">
              {(["brandPrimary", "brandAccent"] as const).map((key) => {
                const field = key === "brandPrimary" ? "brand.primary" : "brand.accent";
                const value = draft[key];
                return (
                  <Field key={key} field={field} label={t(`campaigns.field.${key}` as CampaignsKey)} hint={t("campaigns.field.colour.hint")} errors={errors}>
                    {(props) => (
                      <span className="campaign-colour">
                        <input {...props} value={value} onChange={(e) => set(key, e.currentTarget.value)} placeholder="#1d9bf0" autoComplete="off" spellCheck={false} />
                        <input
                          type="color"
                          value={parseHex(value) && value.length === 7 ? value.toLowerCase() : "#000000"}
                          onChange={(e) => set(key, e.currentTarget.value)}
                          aria-label={t("campaigns.field.colour.pick", { field: t(`campaigns.field.${key}` as CampaignsKey) })}
                        />
                      </span>
                    )}
                  </Field>
                );
              })}
            </div>
            <BrandContrast primary={draft.brandPrimary.trim()} accent={draft.brandAccent.trim()} />
            <Field field="feedPace" label={t("campaigns.field.feedPace")} hint={t("campaigns.field.feedPace.hint")} errors={errors}>
              {(props) => <input {...props} inputMode="decimal" value={draft.feedPace} onChange={(e) => set("feedPace", e.currentTarget.value)} />}
            </Field>
            <Field field="retentionDays" label={t("campaigns.field.retentionDays")} hint={t("campaigns.field.retentionDays.hint")} errors={errors}>
              {(props) => <input {...props} inputMode="numeric" value={draft.retentionDays} onChange={(e) => set("retentionDays", e.currentTarget.value)} />}
            </Field>
            <RetentionNote campaign={campaign} />
            <Field field="mediaApproval" label={t("campaigns.field.mediaApproval")} hint={t("campaigns.field.mediaApproval.hint")} errors={errors}>
              {(props) => (
                <select {...props} value={draft.mediaApproval} onChange={(e) => set("mediaApproval", e.currentTarget.value as MediaApproval)}>
                  {MEDIA_APPROVALS.map((choice) => (
                    <option key={choice} value={choice}>
                      {t(`campaigns.field.mediaApproval.${choice}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field field="notes" label={t("campaigns.field.notes")} errors={errors}>
              {(props) => <textarea {...props} rows={2} value={draft.notes} onChange={(e) => set("notes", e.currentTarget.value)} />}
            </Field>
          </fieldset>

          <OrganizationsEditor rows={draft.organizations} onChange={(rows) => set("organizations", rows)} errors={errors} campaignId={draft.id} />

          <div className="staff-buttons campaign-form__actions">
            <button type="submit" className="staff-button staff-button--primary" disabled={saving} data-testid="campaign-save">
              {mode === "create" ? t("campaigns.create.save") : t("staff.save")}
            </button>
            <button type="button" className="staff-button" onClick={onClose} data-testid="campaign-cancel">
              {t("campaigns.cancel")}
            </button>
          </div>
        </form>
        <CampaignPreview campaign={campaign} />
      </div>
    </section>
  );
}
