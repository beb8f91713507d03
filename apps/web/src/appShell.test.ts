import { describe, expect, it } from "vitest";
import { shellMarkup } from "./appShell";
import { en } from "./i18n/en";
import { fr } from "./i18n/fr";

describe("shellMarkup", () => {
  it("draws the dashboard's top bar, in the page's language, with a loading note", () => {
    const english = shellMarkup("dashboard", "en");
    expect(english).toContain(`<p class="topbar__app">Pulse <span class="topbar__tagline">${en["app.tagline"]}</span></p>`);
    expect(english).toContain(`<p class="page-loading" role="status">${en["app.loading"]}</p>`);
    expect(shellMarkup("dashboard", "fr")).toContain(`<span class="topbar__tagline">${fr["app.tagline"]}</span>`);
  });

  it("gives the other pages the loading note only", () => {
    for (const route of ["wall", "staff", "notFound"] as const) {
      expect(shellMarkup(route, "fr")).toBe(`<p class="page-loading" role="status">${fr["app.loading"]}</p>`);
    }
  });
});
