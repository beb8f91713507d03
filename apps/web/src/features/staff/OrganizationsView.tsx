import { postKey, type ModeratedPost } from "@pulse/shared/client";
import { useId, useState, type FormEvent } from "react";
import { CountryTag } from "../../components/CountryTag";
import { Panel } from "../../components/Panel";
import { useI18n } from "../../hooks/useI18n";
import { OrgEmbedSnippet } from "./OrgEmbedSnippet";
import { usePostActions } from "./postActions";
import { StaffLoadError } from "./StaffLoadError";
import { StaffPost } from "./StaffPost";
import { staffCall } from "./staffApi";
import { useStaffAction } from "./useStaffAction";
import { useCan } from "./StaffContext";
import { useStaffResource } from "./useStaffResource";
import { staffSearch } from "./staffView";

/** Figures move with the posts; the leaderboard refreshes this often. */
const LEADERBOARD_POLL_MS = 10_000;
/** The most hires a form accepts, as the API does. */
const MAX_HIRES = 10_000_000;

/** The hires an organization reports, saved with `PUT /api/staff/organizations/:id/hires`. */
function HiresForm({ id, hires }: { id: string; hires: number }) {
  const { t } = useI18n();
  const run = useStaffAction();
  const mayEdit = useCan()("organizationHires");
  const inputId = useId();
  const hintId = useId();
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get("hires") ?? "").trim();
    const value = Number(raw);
    if (raw === "" || !Number.isInteger(value) || value < 0 || value > MAX_HIRES) {
      setProblem(t("staff.org.hiresInvalid", { max: MAX_HIRES }));
      return;
    }
    setProblem(null);
    void run(() => staffCall("organizationHires", { params: { id }, body: { hires: value } }), t("staff.done.hires", { hires: value }));
  };

  return (
    <form className="staff-form staff-form--inline" onSubmit={submit} noValidate data-testid="staff-hires-form">
      <div className="staff-field">
        <label htmlFor={inputId}>{t("staff.org.hires")}</label>
        <input
          id={inputId}
          // A new figure from the server resets the field.
          key={hires}
          name="hires"
          type="number"
          inputMode="numeric"
          min={0}
          max={MAX_HIRES}
          step={1}
          defaultValue={hires}
          aria-describedby={hintId}
          aria-invalid={problem ? true : undefined}
          data-testid="staff-hires-input"
        />
        <p className="staff-field__hint" id={hintId}>
          {problem ?? t("staff.org.hiresHint")}
        </p>
      </div>
      <button type="submit" className="staff-button staff-button--primary" hidden={!mayEdit} data-testid="staff-hires-save">
        {t("staff.save")}
      </button>
    </form>
  );
}

const LISTS = ["posts", "offers", "mentions", "retweets"] as const;

function PostList({ items }: { items: ModeratedPost[] }) {
  const { t } = useI18n();
  const actions = usePostActions();
  const mayAct = useCan()("postAction");
  if (items.length === 0) return <p className="panel__empty">{t("staff.org.listEmpty")}</p>;
  return (
    <ul className="staff-list">
      {items.map((item) => (
        <li key={postKey(item.post)}>
          <StaffPost post={item.post} state={item.state} pinned={item.pinned}>
            {mayAct ? (
            <>
            <button type="button" className="staff-button" onClick={() => void actions.post(item.hidden ? "unhide" : "hide", item.post)}>
              {item.hidden ? t("staff.action.unhide") : t("staff.action.hide")}
            </button>
            <button type="button" className="staff-button" aria-pressed={item.pinned} onClick={() => void actions.post(item.pinned ? "unpin" : "pin", item.post)}>
              {item.pinned ? t("staff.action.unpin") : t("staff.action.pin")}
            </button>
            </>
            ) : null}
          </StaffPost>
        </li>
      ))}
    </ul>
  );
}

/** One organization's page: its figures, the hires it reports, and its posts, offers, mentions and retweets. */
function OrganizationPage({ id, onClose }: { id: string; onClose(): void }) {
  const { t, format } = useI18n();
  const { data, error } = useStaffResource("organization", { params: { id } });
  const [list, setList] = useState<(typeof LISTS)[number]>("posts");
  const handles = data ? Object.entries(data.handles).filter(([, handle]) => handle) : [];
  return (
    <Panel title={data?.name ?? id} testId="staff-org-detail" className="staff-panel staff-panel--org">
      <button type="button" className="staff-link-button staff-back" onClick={onClose}>
        {t("staff.org.back")}
      </button>
      <StaffLoadError error={error} />
      {data ? (
        <>
          <p className="staff-org__meta">
            <CountryTag code={data.country} /> {t(`orgs.kind.${data.kind}`)}
            {data.sector ? ` · ${data.sector}` : ""}
            {handles.map(([network, handle]) => (
              <span key={network} className="staff-org__handle">
                {" · "}
                {t(`network.${network as "x" | "mastodon" | "bluesky"}`)} <code>{handle}</code>
              </span>
            ))}
          </p>
          <dl className="staff-figures">
            {(["posts", "offers", "mentions", "retweetsOfItsPosts", "engagement", "hires"] as const).map((field) => (
              <div key={field} className="staff-figure">
                <dt>{t(`staff.org.field.${field}`)}</dt>
                <dd data-testid={`staff-org-${field}`}>{format.number(data[field])}</dd>
              </div>
            ))}
          </dl>
          <HiresForm id={data.id} hires={data.hires} />
          <OrgEmbedSnippet org={data.id} />
          <div className="staff-subtabs" role="group" aria-label={t("staff.org.lists")}>
            {LISTS.map((name) => (
              <button key={name} type="button" className="staff-button" aria-pressed={list === name} onClick={() => setList(name)}>
                {t(`staff.org.list.${name}`)} ({format.number(data.lists[name].length)})
              </button>
            ))}
          </div>
          <PostList items={data.lists[list]} />
        </>
      ) : (
        <p className="page-loading">{t("app.loading")}</p>
      )}
    </Panel>
  );
}

/** The leaderboard of organizations by engagement, and the page of the one picked. */
export function OrganizationsView({ selected, onSelect }: { selected: string | null; onSelect(id: string | null): void }) {
  const { t, format } = useI18n();
  const { data, error } = useStaffResource("leaderboard", {}, LEADERBOARD_POLL_MS);
  if (selected) return <OrganizationPage id={selected} onClose={() => onSelect(null)} />;
  const rows = data?.organizations ?? [];
  return (
    <Panel
      title={t("staff.org.title")}
      subtitle={data ? t("staff.computedAt", { time: format.timeWithSeconds(data.computedAt) }) : undefined}
      testId="staff-leaderboard"
      className="staff-panel"
    >
      <StaffLoadError error={error} />
      <div className="staff-table-wrap">
        <table className="staff-table">
          <thead>
            <tr>
              <th scope="col">{t("staff.org.rank")}</th>
              <th scope="col">{t("staff.org.name")}</th>
              <th scope="col">{t("countries.column.country")}</th>
              {(["posts", "offers", "mentions", "retweetsOfItsPosts", "engagement", "hires"] as const).map((field) => (
                <th key={field} scope="col" className="staff-num">
                  {t(`staff.org.field.${field}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={row.id} data-testid="staff-org-row" data-org={row.id}>
                <td className="staff-num">{format.number(i + 1)}</td>
                <th scope="row">
                  <a
                    href={staffSearch(location.search, { view: "organizations", org: row.id })}
                    onClick={(event) => {
                      event.preventDefault();
                      onSelect(row.id);
                    }}
                  >
                    {row.name}
                  </a>
                </th>
                <td>
                  <CountryTag code={row.country} />
                </td>
                <td className="staff-num">{format.number(row.posts)}</td>
                <td className="staff-num">{format.number(row.offers)}</td>
                <td className="staff-num">{format.number(row.mentions)}</td>
                <td className="staff-num">{format.number(row.retweetsOfItsPosts)}</td>
                <td className="staff-num">{format.number(row.engagement)}</td>
                <td className="staff-num">{format.number(row.hires)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
