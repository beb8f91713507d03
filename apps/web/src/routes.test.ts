import { describe, expect, it } from "vitest";
import { resolveRoute } from "./routes";

describe("resolveRoute", () => {
  it.each(["/", "", "/index.html"])("shows the dashboard at %j", (path) => {
    expect(resolveRoute(path)).toBe("dashboard");
  });

  it.each(["/nope", "/dashboard/"])("shows not-found at %j", (path) => {
    expect(resolveRoute(path)).toBe("notFound");
  });
});
