import { describe, expect, it } from "vitest";
import { CONNECTING_WARNING_DELAY_MS, showsConnectionWarning } from "./connectionWarning";

describe("showsConnectionWarning", () => {
  it("waits before warning of a first connection, so a normal load never shows and hides it", () => {
    expect(showsConnectionWarning("connecting", 0)).toBe(false);
    expect(showsConnectionWarning("connecting", CONNECTING_WARNING_DELAY_MS - 1)).toBe(false);
    expect(showsConnectionWarning("connecting", CONNECTING_WARNING_DELAY_MS)).toBe(true);
  });

  it("warns at once when the numbers on screen may be stale, and never while live", () => {
    for (const status of ["paused", "reconnecting", "offline"] as const) expect(showsConnectionWarning(status, 0)).toBe(true);
    expect(showsConnectionWarning("live", CONNECTING_WARNING_DELAY_MS * 10)).toBe(false);
  });
});
