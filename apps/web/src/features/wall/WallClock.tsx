import { useMemo } from "react";
import { useI18n } from "../../hooks/useI18n";
import { useNow } from "./useNow";

/** The city of an IANA zone, as people say it: `Europe/Paris` → `Paris`. */
export function zoneCity(timeZone: string): string {
  return (timeZone.split("/").at(-1) ?? timeZone).replaceAll("_", " ");
}

/** The time in the campaign's zone, seconds included, with the date and the zone's city under it. */
export function WallClock() {
  const { t, format } = useI18n();
  const now = useNow();
  const zone = format.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const { time, date } = useMemo(
    () => ({
      time: new Intl.DateTimeFormat(format.locale, { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: zone }),
      date: new Intl.DateTimeFormat(format.locale, { weekday: "long", day: "numeric", month: "long", timeZone: zone }),
    }),
    [format.locale, zone],
  );
  const parts = time.formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const city = zoneCity(zone);

  return (
    <div className="wall-clock" data-testid="wall-clock" data-time-zone={zone} aria-label={t("wall.clock", { zone: city })}>
      <time className="wall-clock__time" dateTime={new Date(now).toISOString()}>
        {part("hour")}:{part("minute")}
        <span className="wall-clock__seconds">:{part("second")}</span>
      </time>
      <p className="wall-clock__date">
        {date.format(now)} · {city}
      </p>
    </div>
  );
}
