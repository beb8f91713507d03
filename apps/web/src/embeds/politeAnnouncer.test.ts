import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createPoliteAnnouncer } from "./politeAnnouncer";

/** Just enough of `document` for the announcer's one element. */
function fakeElement() {
  return { className: "", textContent: "" as string | null, attributes: new Map<string, string>(), setAttribute(name: string, value: string) { this.attributes.set(name, value); } };
}

describe("createPoliteAnnouncer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal("document", { createElement: fakeElement });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("is a polite, atomic live region", () => {
    const { element } = createPoliteAnnouncer(1_000);
    const attributes = (element as unknown as ReturnType<typeof fakeElement>).attributes;
    expect(attributes.get("aria-live")).toBe("polite");
    expect(attributes.get("aria-atomic")).toBe("true");
    expect(element.className).toBe("visually-hidden");
  });

  it("says the first value at once, then the latest at most once per interval", () => {
    const announcer = createPoliteAnnouncer(10_000);
    announcer.say("1 post");
    expect(announcer.element.textContent).toBe("1 post");
    announcer.say("2 posts");
    announcer.say("3 posts");
    vi.advanceTimersByTime(9_999);
    expect(announcer.element.textContent).toBe("1 post");
    vi.advanceTimersByTime(1);
    expect(announcer.element.textContent).toBe("3 posts");
    announcer.say("4 posts");
    vi.advanceTimersByTime(5_000);
    expect(announcer.element.textContent).toBe("3 posts");
    announcer.dispose();
    vi.advanceTimersByTime(60_000);
    expect(announcer.element.textContent).toBe("3 posts");
  });
});
