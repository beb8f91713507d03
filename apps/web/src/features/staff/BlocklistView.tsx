import { useId, type FormEvent } from "react";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { staffCall } from "./staffApi";
import { StaffLoadError } from "./StaffLoadError";
import { useStaffAction } from "./useStaffAction";
import { useCan } from "./StaffContext";
import { useStaffResource } from "./useStaffResource";

/** The entries of the editor's text: one a line, blank lines dropped (the server trims and dedupes). */
export function blocklistEntries(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The keyword blocklist: one entry a line, saved with `PUT /api/staff/moderation/blocklist`. */
export function BlocklistView() {
  const { t, format } = useI18n();
  const run = useStaffAction();
  const maySave = useCan()("saveBlocklist");
  const ids = { area: useId(), hint: useId() };
  const { data, error } = useStaffResource("blocklist", {});

  const save = (words: string[]) =>
    void run(() => staffCall("saveBlocklist", { body: { words } }), t("staff.done.blocklist", { count: format.number(words.length) }));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save(blocklistEntries(String(new FormData(event.currentTarget).get("words") ?? "")));
  };

  return (
    <Panel
      title={t("staff.blocklist.title")}
      subtitle={data ? (data.isDefault ? t("staff.blocklist.isDefault") : t("staff.blocklist.custom", { count: format.number(data.words.length) })) : undefined}
      testId="staff-blocklist"
      className="staff-panel"
    >
      <StaffLoadError error={error} />
      {data ? (
        <form className="staff-form" onSubmit={submit}>
          <div className="staff-field">
            <label htmlFor={ids.area}>{t("staff.blocklist.label")}</label>
            <textarea
              id={ids.area}
              // A saved list from the server resets the editor.
              key={data.words.join("\n")}
              name="words"
              rows={16}
              defaultValue={data.words.join("\n")}
              aria-describedby={ids.hint}
              spellCheck={false}
              readOnly={!maySave}
              data-testid="staff-blocklist-words"
            />
            <p className="staff-field__hint" id={ids.hint}>
              {t("staff.blocklist.hint")}
            </p>
          </div>
          <div className="staff-buttons" hidden={!maySave}>
            <button type="submit" className="staff-button staff-button--primary" data-testid="staff-blocklist-save">
              {t("staff.save")}
            </button>
            <button type="button" className="staff-button" onClick={() => save(data.defaults)}>
              {t("staff.blocklist.restore")}
            </button>
          </div>
        </form>
      ) : null}
    </Panel>
  );
}
