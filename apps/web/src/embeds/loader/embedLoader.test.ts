import { describe, expect, it } from "vitest";
import { newFrameId, widgetFrame } from "./embedLoader";

describe("widgetFrame", () => {
  it("points the iframe at the loader's own origin, passing the widget's options and the frame id", () => {
    const frame = widgetFrame(
      "https://pulse.example.org:8443/embed.js?v=2",
      { widget: "counter", country: "FR", lang: "en", theme: "dark", limit: "5", media: "on", other: "x" },
      "pulse-abc",
    );
    expect(frame).toEqual({
      widget: "counter",
      origin: "https://pulse.example.org:8443",
      src: "https://pulse.example.org:8443/embed/counter?country=FR&lang=en&theme=dark&limit=5&media=on&frame=pulse-abc",
      title: "Pulse: live post counter",
      frame: "pulse-abc",
    });
  });

  it("points the iframe at the campaign's widget with data-campaign, at the default campaign's without", () => {
    const src = (data: Record<string, string>) => {
      const frame = widgetFrame("https://pulse.example.org/embed.js", { widget: "counter", ...data }, "f");
      return typeof frame === "string" ? frame : frame.src;
    };
    expect(src({ campaign: "salon-2027", country: "FR" })).toBe("https://pulse.example.org/c/salon-2027/embed/counter?country=FR&frame=f");
    expect(src({ campaign: " salon-2027 " })).toBe("https://pulse.example.org/c/salon-2027/embed/counter?frame=f");
    expect(src({})).toBe("https://pulse.example.org/embed/counter?frame=f");
    expect(src({ campaign: "" })).toBe("https://pulse.example.org/embed/counter?frame=f");
  });

  it("titles the iframe in the widget's language, else the browser's, and lets the page name it", () => {
    const title = (data: Record<string, string>, browser?: string) => {
      const frame = widgetFrame("https://h/embed.js", { widget: "feed", ...data }, "f", browser);
      return typeof frame === "string" ? frame : frame.title;
    };
    expect(title({})).toBe("Pulse : dernières publications, en direct");
    expect(title({}, "en-US")).toBe("Pulse: latest posts, live");
    expect(title({ lang: "fr" }, "en-US")).toBe("Pulse : dernières publications, en direct");
    expect(title({ title: "Le direct de #VotreJob" })).toBe("Le direct de #VotreJob");
  });

  it("makes data-org an organization's widget, passing its id and data-feed on", () => {
    const frame = widgetFrame("https://pulse.example.org/embed.js", { org: "orange", feed: "on", limit: "2", campaign: "salon-2027" }, "f", "en-GB");
    expect(frame).toMatchObject({
      widget: "organization",
      src: "https://pulse.example.org/c/salon-2027/embed/organization?limit=2&org=orange&feed=on&frame=f",
      title: "Pulse: one organization, live",
    });
    expect(widgetFrame("https://h/embed.js", { widget: "organization", org: "axa" }, "f")).toMatchObject({ src: "https://h/embed/organization?org=axa&frame=f" });
    // data-widget still wins: data-org means nothing to a counter.
    expect(widgetFrame("https://h/embed.js", { widget: "counter", org: "axa" }, "f")).toMatchObject({ widget: "counter" });
  });

  it("says what is wrong instead of inserting a broken frame", () => {
    expect(widgetFrame("https://h/embed.js", { widget: "wall" }, "f")).toMatch(/^data-widget must be one of counter, countries, timeline, feed, map, organization \(got "wall"\)/);
    expect(widgetFrame("https://h/embed.js", {}, "f")).toMatch(/got null/);
    expect(widgetFrame("not a url", { widget: "feed" }, "f")).toMatch(/cannot tell the Pulse server/);
    expect(widgetFrame("https://h/embed.js", { widget: "feed", campaign: "../staff" }, "f")).toMatch(/^data-campaign must be a campaign id/);
    expect(widgetFrame("https://h/embed.js", { widget: "feed", campaign: "Salon" }, "f")).toMatch(/got "Salon"/);
  });

  it("makes frame ids the widgets accept, different each time", () => {
    const ids = new Set(Array.from({ length: 50 }, newFrameId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^pulse-[a-z0-9]{1,8}$/);
  });
});
