import { describe, expect, it } from "vitest";
import { resolveRoute } from "../../routes";
import {
  DEFAULT_ROTATE_SECONDS,
  MAX_ROTATE_SECONDS,
  MIN_ROTATE_SECONDS,
  nextScene,
  parseRotate,
  parseWallQuery,
  progressSteps,
  SCENES,
  type SceneName,
} from "./wallQuery";

describe("parseWallQuery", () => {
  it("shows every scene, every 15 s, in the dark theme when the URL says nothing", () => {
    expect(parseWallQuery("")).toEqual({ scenes: [...SCENES], rotateSeconds: DEFAULT_ROTATE_SECONDS, theme: "dark", client: "live" });
    expect(DEFAULT_ROTATE_SECONDS).toBe(15);
  });

  it("feeds the wall from the benchmark's naive client only when asked exactly", () => {
    expect(parseWallQuery("?client=naive").client).toBe("naive");
    expect(parseWallQuery("?client=NAIVE").client).toBe("live");
    expect(parseWallQuery("?client=fast").client).toBe("live");
  });

  it("keeps the scenes asked for, in the order asked", () => {
    expect(parseWallQuery("?scenes=feed,counter").scenes).toEqual(["feed", "counter"]);
    expect(parseWallQuery("?scenes=timeline").scenes).toEqual(["timeline"]);
    expect(parseWallQuery("?scenes=insights").scenes).toEqual(["insights"]);
    expect(parseWallQuery("?scenes=Countries%2C%20ORGANIZATIONS").scenes).toEqual(["countries", "organizations"]);
    expect(parseWallQuery("?scenes=counter&scenes=feed").scenes).toEqual(["counter", "feed"]);
  });

  it("drops unknown and repeated scene names, and falls back to all when none is left", () => {
    expect(parseWallQuery("?scenes=feed,bogus,feed,,counter").scenes).toEqual(["feed", "counter"]);
    expect(parseWallQuery("?scenes=bogus").scenes).toEqual([...SCENES]);
    expect(parseWallQuery("?scenes=").scenes).toEqual([...SCENES]);
    expect(parseWallQuery("?scenes=<script>alert(1)</script>").scenes).toEqual([...SCENES]);
  });

  it("reads the theme, and ignores one that does not exist", () => {
    expect(parseWallQuery("?theme=light").theme).toBe("light");
    expect(parseWallQuery("?theme=LIGHT").theme).toBe("light");
    expect(parseWallQuery("?theme=dark").theme).toBe("dark");
    expect(parseWallQuery("?theme=purple").theme).toBe("dark");
  });

  it("never throws, whatever the query", () => {
    for (const search of ["?%E0%A4%A", "?scenes=%00&rotate=%FF", "?rotate=1e309", "?theme[]=x", "??&&=="]) {
      expect(() => parseWallQuery(search), search).not.toThrow();
    }
  });
});

describe("parseRotate", () => {
  it("takes seconds, 0 meaning no rotation", () => {
    expect(parseRotate("20")).toBe(20);
    expect(parseRotate("7.5")).toBe(7.5);
    expect(parseRotate("0")).toBe(0);
  });

  it("raises values too short to read to the minimum, and caps long ones", () => {
    expect(MIN_ROTATE_SECONDS).toBe(3);
    expect(parseRotate("1")).toBe(MIN_ROTATE_SECONDS);
    expect(parseRotate("0.01")).toBe(MIN_ROTATE_SECONDS);
    expect(parseRotate("99999")).toBe(MAX_ROTATE_SECONDS);
  });

  it("uses the default for anything that is not a usable number", () => {
    for (const value of [null, "", " ", "-5", "abc", "NaN", "Infinity", "1e309", "10s"]) {
      expect(parseRotate(value), String(value)).toBe(DEFAULT_ROTATE_SECONDS);
    }
  });
});

describe("progressSteps", () => {
  it("fills a scene's progress bar in four steps a second, at least one", () => {
    expect(progressSteps(15)).toBe(60);
    expect(progressSteps(3)).toBe(12);
    expect(progressSteps(3_600)).toBe(14_400);
    expect(progressSteps(0)).toBe(1);
  });
});

describe("nextScene", () => {
  it("goes through the scenes in the URL's order and wraps round", () => {
    const scenes: SceneName[] = ["timeline", "counter", "feed"];
    const seen: SceneName[] = [];
    let scene: SceneName = scenes[0]!;
    for (let i = 0; i < 7; i += 1) {
      seen.push(scene);
      scene = nextScene(scenes, scene);
    }
    expect(seen).toEqual(["timeline", "counter", "feed", "timeline", "counter", "feed", "timeline"]);
  });

  it("stays on a single scene, and starts over from an unknown one", () => {
    expect(nextScene(["countries"], "countries")).toBe("countries");
    expect(nextScene(["feed", "counter"], "timeline")).toBe("feed");
  });
});

describe("the /wall route", () => {
  it("shows the wall at /wall, with or without a trailing slash", () => {
    expect(resolveRoute("/wall")).toBe("wall");
    expect(resolveRoute("/wall/")).toBe("wall");
    expect(resolveRoute("/wall/extra")).toBe("notFound");
  });
});
