import { describe, expect, it } from "vitest";
import { zoneOffsetMs } from "../src/time-zone.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const day = Date.UTC(2015, 1, 24);

describe("zoneOffsetMs", () => {
  it("reads a zone's offset from UTC at an instant, daylight saving included", () => {
    expect(zoneOffsetMs(day, "Europe/Paris")).toBe(HOUR);
    expect(zoneOffsetMs(Date.UTC(2015, 6, 1), "Europe/Paris")).toBe(2 * HOUR);
    expect(zoneOffsetMs(day, "Asia/Kolkata")).toBe(5.5 * HOUR);
    expect(zoneOffsetMs(day, "America/St_Johns")).toBe(-3.5 * HOUR);
    expect(zoneOffsetMs(day, "UTC")).toBe(0);
  });

  it("uses the platform's zone when none is given", () => {
    expect(zoneOffsetMs(day)).toBe(-new Date(day).getTimezoneOffset() * MINUTE);
  });
});
