import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";

// Resolved from `ws` itself, as `ws` does at load time: a copy only the server could see would not count.
const fromWs = createRequire(createRequire(import.meta.url).resolve("ws"));

describe("the websocket fast path's native helpers", () => {
  it("ws finds bufferutil and utf-8-validate as native add-ons, not their JavaScript fallbacks", () => {
    const bufferutil = fromWs("bufferutil") as { mask: unknown; unmask: unknown };
    const utf8Validate = fromWs("utf-8-validate") as unknown;
    // node-gyp-build loads the prebuilt binary; a function compiled from JavaScript would print its source.
    expect(String(bufferutil.mask)).toContain("[native code]");
    expect(String(bufferutil.unmask)).toContain("[native code]");
    expect(String(utf8Validate)).toContain("[native code]");
  });
});
