import { describe, expect, it } from "vitest";
import { orgEmbedSnippet } from "./orgEmbedSnippet";

describe("orgEmbedSnippet", () => {
  it("loads the widget of the organization from the server, naming the campaign unless it is the default", () => {
    expect(orgEmbedSnippet({ origin: "https://pulse.example.org", campaign: null, org: "orange", feed: false })).toBe(
      '<script async src="https://pulse.example.org/embed.js" data-widget="organization" data-org="orange"></script>',
    );
    expect(orgEmbedSnippet({ origin: "http://127.0.0.1:3000", campaign: "salon-2027", org: "axa", feed: true })).toBe(
      '<script async src="http://127.0.0.1:3000/embed.js" data-campaign="salon-2027" data-widget="organization" data-org="axa" data-feed="on"></script>',
    );
  });
  it("escapes an id that would break out of its attribute", () => {
    expect(orgEmbedSnippet({ origin: "https://h", campaign: null, org: 'a"><b>&', feed: false })).toContain('data-org="a&quot;&gt;&lt;b&gt;&amp;"');
  });
});
