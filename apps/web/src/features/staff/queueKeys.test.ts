import { describe, expect, it } from "vitest";
import { moveSelection, queueCommand, reconcileSelection, selectionAfterRemoving } from "./queueKeys";

describe("queue shortcuts", () => {
  it("map a, h, j and k (and the arrows) to approve, hide, next and previous", () => {
    expect(queueCommand({ key: "a" })).toBe("approve");
    expect(queueCommand({ key: "h" })).toBe("hide");
    expect(queueCommand({ key: "j" })).toBe("next");
    expect(queueCommand({ key: "k" })).toBe("previous");
    expect(queueCommand({ key: "ArrowDown" })).toBe("next");
    expect(queueCommand({ key: "ArrowUp" })).toBe("previous");
    // Caps Lock or Shift does not switch the shortcuts off.
    expect(queueCommand({ key: "A" })).toBe("approve");
  });

  it("ignore other keys, keys typed into a field, and browser chords", () => {
    expect(queueCommand({ key: "x" })).toBeNull();
    expect(queueCommand({ key: "Enter" })).toBeNull();
    expect(queueCommand({ key: "a", typing: true })).toBeNull();
    expect(queueCommand({ key: "h", ctrlKey: true })).toBeNull();
    expect(queueCommand({ key: "j", metaKey: true })).toBeNull();
    expect(queueCommand({ key: "k", altKey: true })).toBeNull();
  });
});

describe("queue selection", () => {
  const keys = ["x:1", "x:2", "x:3"];

  it("moves down and up one post at a time and stops at either end", () => {
    expect(moveSelection(keys, "x:1", 1)).toBe("x:2");
    expect(moveSelection(keys, "x:3", 1)).toBe("x:3");
    expect(moveSelection(keys, "x:2", -1)).toBe("x:1");
    expect(moveSelection(keys, "x:1", -1)).toBe("x:1");
    expect(moveSelection(keys, null, 1)).toBe("x:1");
    expect(moveSelection(keys, "gone", -1)).toBe("x:1");
    expect(moveSelection([], "x:1", 1)).toBeNull();
  });

  it("selects the first post when nothing is, and keeps a post still queued", () => {
    expect(reconcileSelection([], keys, null)).toBe("x:1");
    expect(reconcileSelection(keys, ["x:0", ...keys, "x:4"], "x:2")).toBe("x:2");
    expect(reconcileSelection(keys, [], "x:2")).toBeNull();
  });

  it("hands over to the next post down when the selected one leaves, else to the last one", () => {
    expect(reconcileSelection(keys, ["x:1", "x:3"], "x:2")).toBe("x:3");
    expect(reconcileSelection(keys, ["x:1", "x:3", "x:4"], "x:2")).toBe("x:3");
    // The next one left too: the first still queued after it.
    expect(reconcileSelection(["x:1", "x:2", "x:3", "x:4"], ["x:1", "x:4"], "x:2")).toBe("x:4");
    // The last one left: the post above takes over.
    expect(reconcileSelection(keys, ["x:1", "x:2"], "x:3")).toBe("x:2");
  });

  it("after an action, selects the post below, or the one above at the end", () => {
    expect(selectionAfterRemoving(keys, "x:1")).toBe("x:2");
    expect(selectionAfterRemoving(keys, "x:3")).toBe("x:2");
    expect(selectionAfterRemoving(["x:1"], "x:1")).toBeNull();
  });
});
