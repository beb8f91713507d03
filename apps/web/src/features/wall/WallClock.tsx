import { memo, useMemo } from "react";
import { useCampaignClock } from "../../hooks/useCampaignClock";
import { useI18n } from "../../hooks/useI18n";

/** The city of an IANA zone, as people say it: `Europe/Paris` → `Paris`. */
export function zoneCity(timeZone: string): string {
  return (timeZone.split("/").at(-1) ?? timeZone).replaceAll("_", " ");
}

/**
 * The time in the campaign's zone, seconds included, with the date and the zone's city under it. It is the
 * campaign clock: a simulated or replayed day shows its own time and date, marked "simulated".
 */
export const WallClock = memo(function WallClock() {
  const { t, format } = useI18n();
  const { now, simulated } = useCampaignClock();
  // Building a DateTimeFormat to read the browser's zone is costly: once per zone, not once a second.
  const zone = useMemo(() => format.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone, [format.timeZone]);
  const { time, date } = useMemo(
    () => ({
      time: new Intl.DateTimeFormat(format.locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: zone }),
      // A simulated or replayed day says its year: "24 February 2015" beside 2015 data, never today's date.
      date: new Intl.DateTimeFormat(format.locale, {
        weekday: "long",
        day: "numeric",
        month: "long",
        ...(simulated ? { year: "numeric" } : {}),
        timeZone: zone,
      }),
    }),
    [format.locale, zone, simulated],
  );
  const parts = time.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const city = zoneCity(zone);

  return (
    <div
      className="wall-clock"
      data-testid="wall-clock"
      data-time-zone={zone}
      data-simulated={simulated}
      aria-label={simulated ? `${t("wall.clock", { zone: city })} · ${t("clock.simulatedLong")}` : t("wall.clock", { zone: city })}
    >
      <time className="wall-clock__time" dateTime={new Date(now).toISOString()}>
        {part("hour")}:{part("minute")}
        <span className="wall-clock__seconds">:{part("second")}</span>
      </time>
      <p className="wall-clock__date" data-testid="wall-clock-date">
        {date.format(now)} · {city}
        {simulated ? (
          <>
            {" · "}
            <span className="wall-clock__simulated" data-testid="wall-clock-simulated">
              {t("clock.simulated")}
            </span>
          </>
        ) : null}
      </p>
    </div>
  );
});
