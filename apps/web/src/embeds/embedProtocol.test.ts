import { describe, expect, it } from "vitest";
import { frameIdOr, isEmbedWidget, MAX_EMBED_HEIGHT, resizeHeightFor } from "./embedProtocol";

describe("resizeHeightFor", () => {
  it("takes the height of a resize message for this frame, rounded up", () => {
    expect(resizeHeightFor({ type: "pulse:resize", height: 212.4, frame: "pulse-1" }, "pulse-1")).toBe(213);
  });

  it("ignores other frames, other messages and bad heights", () => {
    expect(resizeHeightFor({ type: "pulse:resize", height: 200, frame: "pulse-2" }, "pulse-1")).toBeNull();
    expect(resizeHeightFor({ type: "other", height: 200, frame: "pulse-1" }, "pulse-1")).toBeNull();
    expect(resizeHeightFor({ type: "pulse:resize", height: "200", frame: "pulse-1" }, "pulse-1")).toBeNull();
    expect(resizeHeightFor({ type: "pulse:resize", height: -1, frame: "pulse-1" }, "pulse-1")).toBeNull();
    expect(resizeHeightFor({ type: "pulse:resize", height: Number.NaN, frame: "pulse-1" }, "pulse-1")).toBeNull();
    expect(resizeHeightFor("pulse:resize", "pulse-1")).toBeNull();
    expect(resizeHeightFor(null, "pulse-1")).toBeNull();
  });

  it("clamps a height no widget has", () => {
    expect(resizeHeightFor({ type: "pulse:resize", height: 1e9, frame: "f" }, "f")).toBe(MAX_EMBED_HEIGHT);
  });
});

describe("frameIdOr and isEmbedWidget", () => {
  it("accept only what the loader makes", () => {
    expect(frameIdOr("pulse-x1_Y")).toBe("pulse-x1_Y");
    expect(frameIdOr("a b")).toBeNull();
    expect(frameIdOr("x".repeat(65))).toBeNull();
    expect(isEmbedWidget("feed")).toBe(true);
    expect(isEmbedWidget("wall")).toBe(false);
    expect(isEmbedWidget(undefined)).toBe(false);
  });
});
