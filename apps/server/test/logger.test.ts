import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

describe("the logger", () => {
  it("never writes tokens or session cookies", () => {
    const lines: string[] = [];
    const logger = createLogger({ LOG_LEVEL: "info" }, { write: (line: string) => void lines.push(line) });
    logger.info(
      {
        req: { headers: { authorization: "Bearer secret-token", cookie: "pulse_staff=abc" } },
        res: { headers: { "set-cookie": "pulse_staff=session-value; HttpOnly" } },
      },
      "request completed",
    );
    const text = lines.join("");
    expect(text).toContain("request completed");
    expect(text).not.toContain("secret-token");
    expect(text).not.toContain("pulse_staff=abc");
    expect(text).not.toContain("session-value");
    expect(text).toContain("[redacted]");
  });
});
