import { describe, expect, it } from "vitest";
import { editorFields, fieldErrorId, fieldInputId, fieldOfIssue, placeIssues } from "./issueFields";

describe("campaign API issues beside their fields", () => {
  const fields = editorFields({ hashtags: 2, organizations: 3 });

  it("place an issue on its own field", () => {
    for (const path of ["id", "name", "timezone", "start", "end", "hashtags.1.country", "goal.posts", "brand.primary", "feedPace", "organizations.2.country", "organizations.0.handles.x"]) {
      expect(fieldOfIssue(path, fields)).toBe(path);
    }
  });

  it("place an issue with no field of its own on the nearest field that holds it", () => {
    expect(fieldOfIssue("brand", fields)).toBe("brand");
    expect(fieldOfIssue("goal.extra", fields)).toBe("goal");
    expect(fieldOfIssue("hashtags", fields)).toBe("hashtags");
    // A hashtag row the editor does not have (the API counts from the body sent) falls back to the list.
    expect(fieldOfIssue("hashtags.5.tag", fields)).toBe("hashtags");
    expect(fieldOfIssue("organizations.1.handles.threads", fields)).toBe("organizations.1");
    expect(fieldOfIssue("organizations.1.handles", fields)).toBe("organizations.1");
  });

  it("leave the campaign as a whole and unknown fields above the form", () => {
    expect(fieldOfIssue("", fields)).toBeNull();
    expect(fieldOfIssue("colour", fields)).toBeNull();
  });

  it("group the messages by field, in the API's order", () => {
    const placed = placeIssues(
      [
        { path: "end", message: "expected a time after start" },
        { path: "", message: "invalid campaign" },
        { path: "organizations.2.country", message: "expected an ISO code" },
        { path: "end", message: "second" },
      ],
      fields,
    );
    expect([...placed.byField]).toEqual([
      ["end", ["expected a time after start", "second"]],
      ["organizations.2.country", ["expected an ISO code"]],
    ]);
    expect(placed.unplaced).toEqual([{ path: "", message: "invalid campaign" }]);
  });

  it("give each field an input id and an error id that its input can name", () => {
    expect(fieldInputId("organizations.2.handles.x")).toBe("campaign-organizations-2-handles-x");
    expect(fieldErrorId("goal.posts")).toBe("campaign-goal-posts-error");
  });
});
