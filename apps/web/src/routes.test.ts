import { describe, expect, it } from "vitest";
import { resolveRoute } from "./routes";

describe("resolveRoute", () => {
  it("shows the dashboard at the root", () => {
    expect(resolveRoute("/")).toBe("dashboard");
    expect(resolveRoute("")).toBe("dashboard");
    expect(resolveRoute("/index.html")).toBe("dashboard");
  });

  it("shows not-found for anything else", () => {
    expect(resolveRoute("/nope")).toBe("notFound");
    expect(resolveRoute("/dashboard/")).toBe("notFound");
  });
});
