import { describe, expect, it } from "vitest";
import { resolveRoute } from "./routes";

describe("resolveRoute", () => {
  it.each(["/", "", "/index.html"])("shows the dashboard at %j", (path) => {
    expect(resolveRoute(path)).toBe("dashboard");
  });

  it.each([
    ["/c/jobs-day/", "dashboard"],
    ["/c/jobs-day", "dashboard"],
    ["/c/jobs-day/wall", "wall"],
    ["/c/jobs-day/wall/", "wall"],
  ])("shows a campaign's page at %j: %s", (path, page) => {
    expect(resolveRoute(path)).toBe(page);
  });

  it.each(["/nope", "/dashboard/", "/c/jobs-day/staff", "/c/jobs-day/nope", "/c/Jobs-Day/wall", "/c/"])("shows not-found at %j", (path) => {
    expect(resolveRoute(path)).toBe("notFound");
  });
});
