/**
 * Post media on public screens, end to end: a node, a real Socket.IO client and the staff API. Public clients get
 * media projected (allowlist, sensitive, the campaign's `mediaApproval`); staff get posts as stored.
 */
import request from "supertest";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { endpointPath, type Campaign, type MediaItem, type ModeratedPost, type Post, type Snapshot } from "@pulse/shared";
import { LiveClient, makePost, startPulse, waitFor, type RunningPulse } from "./support/start-pulse.js";
import { asStaff, ingest, keys, postAction, STAFF_ENV, STAFF_TOKEN } from "./staff/staff-support.js";

const CDN = "127.0.0.1:9000";
const photo = (name: string, extra: Partial<MediaItem> = {}): MediaItem => ({
  type: "photo",
  url: `http://${CDN}/${name}.jpg`,
  previewUrl: `http://${CDN}/${name}-small.jpg`,
  alt: `picture ${name}`,
  width: 800,
  height: 600,
  ...extra,
});

describe("media on public screens (memory store)", () => {
  let node: RunningPulse;
  let client: LiveClient;

  beforeAll(async () => {
    node = await startPulse({ ...STAFF_ENV, MEDIA_HOSTS: CDN });
  });
  afterAll(async () => {
    await node.close();
  });
  beforeEach(async () => {
    client = new LiveClient({ urls: [node.url] });
    await client.ready();
  });
  afterEach(async () => {
    client.close();
    await setMediaApproval(undefined);
    await asStaff(node).put("/api/moderation/mode").send({ mode: "auto" });
  });

  /** The post as the connected client holds it, if it is on screen. */
  const onClient = (post: Post) => client.state?.recent.find((p) => p.id === post.id);
  const publicSnapshot = async () => (await request(node.url).get("/api/snapshot")).body as Snapshot;
  const stored = async (post: Post) =>
    (await asStaff(node).get(`/api/moderation/posts/${post.network}/${encodeURIComponent(post.id)}`)).body as ModeratedPost;

  async function setMediaApproval(mediaApproval: Campaign["mediaApproval"]): Promise<void> {
    const { mediaApproval: _current, ...campaign } = (await request(node.url).get("/api/campaign")).body as Campaign;
    const res = await asStaff(node)
      .put(endpointPath("updateCampaign", { params: { id: campaign.id } }))
      .send(mediaApproval === undefined ? campaign : { ...campaign, mediaApproval });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }

  it("sends a sensitive picture withheld, without its URLs, and shows it once staff approve its media", async () => {
    const post = makePost({ media: [photo("sensitive", { sensitive: true, blurhash: "LKO2?U%2Tw=w]~RBVZRi};RPxuwH" })] });
    await ingest(node, [post]);
    await waitFor(() => onClient(post) !== undefined, 5_000, "the post on the client");
    const withheld = { type: "photo", alt: "picture sensitive", width: 800, height: 600, sensitive: true, blurhash: "LKO2?U%2Tw=w]~RBVZRi};RPxuwH", withheld: "sensitive", url: "", previewUrl: "" };
    expect(onClient(post)?.media).toEqual([withheld]);
    expect((await publicSnapshot()).recent.find((p) => p.id === post.id)?.media).toEqual([withheld]);
    expect(JSON.stringify(client.deltas)).not.toContain("sensitive.jpg");
    // Staff see it as stored.
    expect(await stored(post)).toMatchObject({ post: { media: post.media } });
    expect((await stored(post)).post.mediaApproved).toBeUndefined();

    const approve = await asStaff(node).post(postAction(post.network, post.id, "approveMedia"));
    expect(approve.body).toEqual({ outcome: "changed", rev: expect.any(Number) });
    await waitFor(() => onClient(post)?.media?.[0]?.url === photo("sensitive").url, 2_000, "the approved picture on the client");
    expect(onClient(post)?.media).toEqual(post.media);
    expect((await publicSnapshot()).recent.find((p) => p.id === post.id)?.media).toEqual(post.media);
    expect((await stored(post)).post.mediaApproved).toBe(true);
    const log = (await asStaff(node).get("/api/staff/moderation/audit?limit=1")).body as { entries: { action: unknown }[] };
    expect(log.entries[0]?.action).toEqual({ type: "approveMedia", key: keys([post])[0] });

    await asStaff(node).post(postAction(post.network, post.id, "unapproveMedia"));
    await waitFor(() => onClient(post)?.media?.[0]?.withheld === "sensitive", 2_000, "the picture withheld again");
  });

  it("never lets a URL off the allowlist reach a public client", async () => {
    const post = makePost({
      media: [photo("ok"), { type: "photo", url: "https://evil.example/a.jpg" }, photo("preview", { previewUrl: "https://evil.example/p.jpg" })],
    });
    await ingest(node, [post]);
    await waitFor(() => onClient(post) !== undefined, 5_000, "the post on the client");
    expect(onClient(post)?.media).toEqual([photo("ok")]);
    const resynced = await client.resync();
    for (const seen of [client.deltas, resynced, await publicSnapshot()]) expect(JSON.stringify(seen)).not.toContain("evil.example");
    // Staff get the post as it came, to judge it.
    expect((await stored(post)).post.media).toEqual(post.media);
  });

  it("withholds every picture while the campaign's pictures need approval, its text showing, until approved", async () => {
    const before = makePost({ media: [photo("before")] });
    await ingest(node, [before]);
    await waitFor(() => onClient(before)?.media?.[0]?.url === photo("before").url, 5_000, "the picture shown");

    await setMediaApproval("pictures");
    // A picture already on screen is withheld within a tick of the setting.
    await waitFor(() => onClient(before)?.media?.[0]?.withheld === "approval", 2_000, "the shown picture withheld");
    const post = makePost({ text: "a job fair", media: [photo("fair")] });
    await ingest(node, [post]);
    await waitFor(() => onClient(post) !== undefined, 5_000, "the post's text on the client");
    expect(onClient(post)).toMatchObject({ text: "a job fair", media: [{ type: "photo", withheld: "approval", url: "", previewUrl: "" }] });
    expect(JSON.stringify(client.deltas)).not.toContain("fair.jpg");

    await asStaff(node).post(postAction(post.network, post.id, "approveMedia"));
    await waitFor(() => onClient(post)?.media?.[0]?.url === photo("fair").url, 2_000, "the approved picture on the client");
    expect(onClient(before)?.media?.[0]?.withheld).toBe("approval");

    await setMediaApproval("off");
    await waitFor(() => onClient(before)?.media?.[0]?.url === photo("before").url, 2_000, "the picture shown again");
  });

  it("holds a post with pictures whole while mediaApproval is posts; approving it shows it with its pictures", async () => {
    await setMediaApproval("posts");
    const [held, plain, elsewhere] = [
      makePost({ media: [photo("held")] }),
      makePost({ text: "no picture" }),
      makePost({ media: [{ type: "photo", url: "https://evil.example/x.jpg" }] }),
    ] as [Post, Post, Post];
    await ingest(node, [held, plain, elsewhere]);
    // Without pictures public screens could show (none, or none on the allowlist), a post shows at once.
    await waitFor(() => onClient(plain) !== undefined && onClient(elsewhere) !== undefined, 5_000, "the posts without pictures");
    expect(onClient(held)).toBeUndefined();
    const queue = (await asStaff(node).get("/api/moderation/queue")).body as { queue: Post[] };
    expect(queue.queue.map((p) => p.id)).toEqual([held.id]);
    expect(queue.queue[0]?.media).toEqual(held.media);

    expect((await asStaff(node).post(postAction(held.network, held.id, "approve"))).body).toMatchObject({ outcome: "changed" });
    await waitFor(() => onClient(held) !== undefined, 2_000, "the approved post on the client");
    expect(onClient(held)?.media).toEqual(held.media);
    expect(client.deltas.flatMap((d) => d.posts).filter((p) => p.id === held.id).every((p) => p.media?.[0]?.url === photo("held").url)).toBe(true);
  });

  it("takes a hidden post's picture off every screen within a tick", async () => {
    const post = makePost({ media: [photo("hide-me")] });
    await ingest(node, [post]);
    await waitFor(() => onClient(post)?.media?.[0]?.url === photo("hide-me").url, 5_000, "the picture on the client");
    await asStaff(node).post(postAction(post.network, post.id, "hide"));
    await waitFor(() => onClient(post) === undefined, 2_000, "the hidden post off the client");
    expect(JSON.stringify(client.state)).not.toContain("hide-me");
    expect(JSON.stringify(await publicSnapshot())).not.toContain("hide-me");
  });

  it("names the media hosts in the staff session answer, and in the login answer the console starts from", async () => {
    const hosts = ["pbs.twimg.com", "video.twimg.com", "cdn.bsky.app", "video.bsky.app", CDN];
    const session = (await asStaff(node).get("/api/staff/session")).body as { mediaHosts?: string[] };
    expect(session.mediaHosts).toEqual(hosts);
    const login = await request(node.url).post(endpointPath("staffLogin")).send({ token: STAFF_TOKEN, name: "Zoé" });
    expect(login.status).toBe(200);
    expect((login.body as { mediaHosts?: string[] }).mediaHosts).toEqual(hosts);
  });
});
