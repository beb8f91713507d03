/**
 * Makes the README's screenshots in docs/screenshots/: a node plays the simulated day at high speed while
 * headless Chromium shows the dashboard, the wall at 1080p and 4K, and each embed on a partner page served
 * from another origin, the staff console (moderation, its feed held under the pointer, the audit log, ROI, the
 * printable report), and the wall of a campaign with a long French name. Run with `npm run screenshots -w @pulse/e2e` after a build; `-- 40 staff` makes the
 * staff screenshots only, `-- 40 pins` the pinned posts' ones (wall and dashboard), `-- 15 long-name` the
 * long-name wall only, `-- 20 campaigns` the Campaigns view, its editor and two campaigns' walls side by side,
 * `-- 0 media` the photos scene at 1080p and 4K and the dashboard feed with pictures (posts whose pictures come
 * from a local image server, standing in for the networks' CDN), `-- 40 map` the map of Europe (wall scene at
 * 1080p and 4K, and the map widget), `-- 0 insights` the wall's insights scene (1080p dark and light, 4K) and the
 * dashboard's insights panel filtering its feed, `-- 20 organization` the organization widget
 * (Orange's, with its latest posts) in both themes.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { builtInCampaign, endpointPath, type Campaign, type Network } from "@pulse/shared";
import { chromiumLaunchOptions } from "@pulse/testkit/chromium";
import { startImageServer } from "../test/support/image-server.js";
import { startNode } from "../test/support/pulse-node.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const out = path.join(root, "docs/screenshots");
const warmUp = Number(process.argv[2] ?? 40);
const only = process.argv[3];
/** A throwaway token for this run's node; the screenshots log in with it. */
const STAFF_TOKEN = "screenshots-staff-token-not-a-secret";
/** A throwaway ingest token, for the posts of the second campaign. */
const INGEST_TOKEN = "screenshots-ingest-token-not-a-secret";
mkdirSync(out, { recursive: true });

const node = await startNode({ SOURCE: "simulator", SIM_SPEED: "1800", TICK_MS: "250", STAFF_TOKEN, INGEST_TOKEN });
// A partner site on another origin, embedding every widget with the loader, on a patterned background.
const partner = createServer((_req, res) => {
  const widget = (name: string, extra = "") =>
    `<section><h2>${name}</h2><script async src="${node.url}/embed.js" data-widget="${name}" ${extra}></script></section>`;
  res.setHeader("content-type", "text/html; charset=utf-8");
  res.end(`<!doctype html><html lang="fr"><head><title>Partenaire</title><style>
    body{margin:0;padding:24px;font-family:Georgia,serif;background:repeating-linear-gradient(45deg,#f4efe6 0 14px,#ebe4d6 14px 28px)}
    main{display:grid;grid-template-columns:320px 600px;gap:24px;align-items:start} h2{font-size:14px;margin:0 0 6px;color:#555}
  </style></head><body><main>
    ${widget("counter", 'data-country="FR"')}${widget("countries")}${widget("feed", 'data-limit="4"')}${widget("timeline")}
  </main></body></html>`);
});
await new Promise<void>((resolve) => partner.listen(0, "127.0.0.1", resolve));
const partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}/`;

const browser = await chromium.launch(chromiumLaunchOptions());

/** Opens `url` in a French page of that size, lets it draw for 3 s and saves it as docs/screenshots/`file`. */
async function shoot(url: string, file: string, width: number, height: number, fullPage = false): Promise<void> {
  const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1, locale: "fr-FR" });
  await page.goto(url);
  await page.waitForTimeout(3_000);
  await page.screenshot({ path: path.join(out, file), fullPage });
  await page.close();
  console.log(`wrote docs/screenshots/${file}`);
}

/** The map of Europe: the wall's map scene at 1080p (both themes) and 4K, and the map widget in both themes. */
async function shootMap(): Promise<void> {
  await shoot(`${node.url}/embed/map?theme=light`, "embed-map.png", 360, 420);
  await shoot(`${node.url}/embed/map?theme=dark`, "embed-map-dark.png", 360, 420);
  await shoot(`${node.url}/wall?scenes=map&rotate=0`, "wall-1080p-map.png", 1920, 1080);
  await shoot(`${node.url}/wall?scenes=map&rotate=0&theme=light`, "wall-1080p-map-light.png", 1920, 1080);
  await shoot(`${node.url}/wall?scenes=map&rotate=0`, "wall-4k-map.png", 3840, 2160);
}

/** Orange's posts on X (its handle in the built-in campaign), two of them job offers, and two others' mentions of it. */
function orangePosts(after: string) {
  const at = (minutes: number) => new Date(Date.parse(after) + minutes * 60_000).toISOString();
  const post = (i: number, handle: string, text: string, mentions: string[] = []) => ({
    network: "x",
    id: `orange-shot-${Date.now()}-${i}`,
    createdAt: at(i + 1),
    text,
    author: { id: `shot-${handle}`, handle, name: handle === "OrangeRecrute" ? "Orange Recrute" : handle },
    country: "FR",
    hashtags: ["votrejob"],
    mentions,
    urls: [],
    kind: "original",
  });
  return [
    post(0, "OrangeRecrute", "Nous recrutons ! 40 techniciens fibre H/F en CDI partout en France, postulez avant vendredi #VotreJob"),
    post(1, "camille_dev", "Super échange avec @OrangeRecrute sur leurs métiers du réseau #VotreJob", ["orangerecrute"]),
    post(2, "OrangeRecrute", "Notre stand #VotreJob ouvre à 9 h : venez rencontrer nos équipes RH !"),
    post(3, "julien_rh", "Merci @OrangeRecrute pour les conseils CV 👍 #VotreJob", ["orangerecrute"]),
    post(4, "OrangeRecrute", "Alternance : 5 000 postes à pourvoir chez Orange, candidatures ouvertes #VotreJob"),
  ];
}

/**
 * The organization widget of Orange, with its latest posts, light and dark (the brand's blue shows only in dark).
 * Its latest posts come as Orange posts (the campaign's recent list soon passes the simulator's): a few are
 * ingested once both pages are open.
 */
async function shootOrganization(): Promise<void> {
  const pages = [];
  for (const theme of ["light", "dark"] as const) {
    const page = await browser.newPage({ viewport: { width: 360, height: 560 }, deviceScaleFactor: 1, locale: "fr-FR" });
    await page.goto(`${node.url}/embed/organization?org=orange&feed=on&theme=${theme}`);
    await page.waitForSelector("[data-testid=embed-status][data-status=live]");
    pages.push({ page, file: theme === "light" ? "embed-organization.png" : "embed-organization-dark.png" });
  }
  const latest = node.pulse.relay.snapshot().recent[0]?.createdAt ?? new Date().toISOString();
  const res = await fetch(`${node.url}${endpointPath("ingest", { query: {} })}`, {
    method: "POST",
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(orangePosts(latest)),
  });
  if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
  for (const { page, file } of pages) {
    await page.waitForFunction(() => document.querySelectorAll("[data-testid=org-post]").length >= 3);
    await page.waitForTimeout(1_000);
    await page.screenshot({ path: path.join(out, file) });
    await page.close();
    console.log(`wrote docs/screenshots/${file}`);
  }
}

/** Ends the run after the staff (or pinned posts') screenshots, when only those were asked for. */
class StaffOnly extends Error {}
/** Ends the run after the long-name wall screenshots, when only those were asked for (`-- 15 long-name`). */
class LongNameOnly extends Error {}

/**
 * The wall of a campaign with a long French name (the built-in one renamed, from a CAMPAIGN_FILE), at 720p and
 * 4K: the name shrinks onto two lines and the clock, date and goal stay whole.
 */
async function shootLongName(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pulse-screenshots-"));
  const file = path.join(dir, "campaign.json");
  const name = "Salon international de l'Agriculture 2026 : les métiers de la terre recrutent (#SalonDeLAgriculture)";
  writeFileSync(file, JSON.stringify({ ...builtInCampaign, name }));
  const long = await startNode({ SOURCE: "simulator", SIM_SPEED: "1800", TICK_MS: "250", CAMPAIGN_FILE: file });
  try {
    await new Promise((r) => setTimeout(r, warmUp * 1000));
    await shoot(`${long.url}/wall?rotate=0&lang=fr`, "wall-720p-long-name.png", 1280, 720);
    await shoot(`${long.url}/wall?rotate=0&lang=fr`, "wall-4k-long-name.png", 3840, 2160);
  } finally {
    await long.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Ends the run after the media screenshots, when only those were asked for (`-- 0 media`). */
class MediaOnly extends Error {}

/** What the posts with pictures say, for the media screenshots. */
const PICTURE_POSTS = [
  ["Sophie Martin", "Notre stand au salon de l'emploi : venez rencontrer nos recruteurs ! #VotreJob"],
  ["Agence Horizon", "12 postes ouverts en logistique à Lyon, entretiens sur place aujourd'hui #VotreJob"],
  ["Karim B.", "Contrat signé ce matin ! Merci à toute l'équipe #VotreJob"],
  ["Ville de Nantes", "Job dating des métiers de la ville, salle comble #VotreJob"],
  ["Léa Dubois", "Première journée dans ma nouvelle boîte #VotreJob"],
  ["BTP Avenir", "Nos apprentis sur le chantier de l'école #VotreJob"],
  ["Marc Petit", "La file d'attente devant le forum de l'emploi ce matin #VotreJob"],
  ["Clinique du Parc", "Infirmiers, aides-soignants : on vous attend #VotreJob"],
  ["Nadia R.", "Atelier CV au forum, merci aux bénévoles #VotreJob"],
  ["Tech Ouest", "Notre équipe grandit : 5 développeurs recrutés ce mois-ci #VotreJob"],
  ["Julien Moreau", "Visite de l'usine avec les candidats #VotreJob"],
  ["Mairie de Lille", "Les offres du jour affichées à l'accueil #VotreJob"],
] as const;

/**
 * The photos scene at 1080p and 4K and the dashboard feed with pictures, on a node of their own whose
 * `MEDIA_HOSTS` lists a local image server; one post is a video (its poster, with a play mark), one is marked
 * sensitive (blurred).
 */
async function shootMedia(): Promise<void> {
  const images = await startImageServer();
  const media = await startNode({ SOURCE: "none", TICK_MS: "250", INGEST_TOKEN, MEDIA_HOSTS: images.host });
  try {
    const start = Date.parse(builtInCampaign.start) + 10 * 3_600_000;
    const posts = PICTURE_POSTS.map(([name, text], i) => ({
      network: (["x", "mastodon", "bluesky"] as const)[i % 3],
      id: `picture-${i}`,
      createdAt: new Date(start + i * 60_000).toISOString(),
      text,
      author: { id: `picture-author-${i}`, handle: name.toLowerCase().replace(/[^a-z]+/g, ""), name },
      country: "FR",
      hashtags: ["votrejob"],
      mentions: [],
      urls: [],
      kind: "original",
      media: [
        i === 4
          ? { type: "video", url: `http://${images.host}/clip.mp4`, previewUrl: images.url(`poster-${i}`), width: 1280, height: 720, alt: text }
          : { type: "photo", url: images.url(`photo-${i}`), width: 1600, height: 900, alt: text, ...(i === 6 ? { sensitive: true } : {}) },
      ],
    }));
    const res = await fetch(`${media.url}${endpointPath("ingest")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(posts),
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 1_000));
    await shoot(`${media.url}/wall?scenes=photos&rotate=0`, "wall-1080p-photos.png", 1920, 1080);
    await shoot(`${media.url}/wall?scenes=photos&rotate=0`, "wall-4k-photos.png", 3840, 2160);
    await shoot(`${media.url}/wall?scenes=feed&rotate=0`, "wall-1080p-feed-picture.png", 1920, 1080);
    await shoot(`${media.url}/`, "dashboard-feed-pictures.png", 1600, 1000);
  } finally {
    await media.close();
    await images.close();
  }
}

/** Ends the run after the insights screenshots, when only those were asked for (`-- 0 insights`). */
class InsightsOnly extends Error {}

/** What the insights posts are made of: hashtags, handles, links, posters and texts per language. */
const INSIGHT_TAGS = ["Emploi", "Recrutement", "CDI", "Alternance", "Stage", "Apprentissage", "Interim", "JobDating"] as const;
const INSIGHT_HANDLES = ["AXA_Recrute", "CarrefourRecrut", "OrangeRecrute", "LaPosteRecrute", "CA_Recrute"] as const;
const INSIGHT_LINKS = [
  "https://www.axa.fr/recrutement",
  "https://recrute.carrefour.fr/offres",
  "https://orange.jobs/fr",
  "https://www.francetravail.fr/candidat",
  "https://www.linkedin.com/jobs",
] as const;
const INSIGHT_POSTERS = [
  ["Sophie Martin", "sophiemartin"],
  ["Agence Horizon", "agencehorizon"],
  ["Karim Benali", "karimb"],
  ["Ville de Nantes", "nantesemploi"],
  ["Léa Dubois", "leadubois"],
  ["Tech Ouest", "techouest"],
  ["Julien Moreau", "jmoreau"],
  ["Clinique du Parc", "cliniqueduparc"],
] as const;
/** Posters by weight: the first ones post most. */
const INSIGHT_POSTER_WEIGHTS = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 6, 7] as const;
/** What the posts say in the first hour, then in the last one (job dating interviews take over), per language. */
const INSIGHT_TEXTS: Record<"first" | "last", Record<string, readonly string[]>> = {
  first: {
    fr: ["Nos équipes recrutent des candidats motivés", "Offre de contrat en logistique à Lyon", "Découvrez nos métiers en agence"],
    en: ["Our teams are hiring motivated candidates", "Discover our careers in logistics"],
    nl: ["Ontdek onze vacatures in de logistiek"],
    de: ["Entdecken Sie unsere Stellen in der Logistik"],
  },
  last: {
    fr: ["Job dating : entretiens express avec nos recruteurs", "Entretiens sur place au forum, venez avec votre CV", "Forum complet : merci aux candidats"],
    en: ["Speed interviews with our recruiters at the forum", "Bring your resume: interviews on site"],
    nl: ["Sollicitaties vandaag op de banenbeurs"],
    de: ["Bewerbungsgespräche heute auf der Jobmesse"],
  },
};

/**
 * The wall's insights scene at 1080p (dark and light) and 4K, and the dashboard's insights panel with a hashtag
 * clicked (its feed filtered), on a node of their own fed 480 posts over two hours of the campaign day: a handful
 * of hashtags, mentions, links, posters and four languages, #JobDating climbing in the last hour.
 */
async function shootInsights(): Promise<void> {
  const insights = await startNode({ SOURCE: "none", TICK_MS: "250", INGEST_TOKEN });
  try {
    const start = Date.parse(builtInCampaign.start) + 11 * 3_600_000;
    const posts = Array.from({ length: 480 }, (_, i) => {
      const lang = [undefined, "fr", "fr", "fr", "fr", "fr", "fr", "en", "en", "nl", "fr", "de"][i % 12];
      const lastHour = i >= 240;
      const tag = lastHour && i % 3 === 0 ? "JobDating" : INSIGHT_TAGS[[0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 4, 5, 6][i % 14]!]!;
      const poster = INSIGHT_POSTER_WEIGHTS[(i * 7) % INSIGHT_POSTER_WEIGHTS.length]!;
      const [name, handle] = INSIGHT_POSTERS[poster]!;
      const texts = INSIGHT_TEXTS[lastHour ? "last" : "first"][lang ?? "fr"]!;
      return {
        network: (["x", "mastodon", "bluesky"] as const)[poster % 3],
        id: `insight-${i}`,
        createdAt: new Date(start + i * 15_000).toISOString(),
        text: `${texts[i % texts.length]} #${tag} #VotreJob`,
        author: { id: `insight-author-${handle}`, handle, name },
        ...(lang ? { lang } : {}),
        hashtags: ["votrejob", tag.toLowerCase()],
        mentions: i % 3 === 0 ? [INSIGHT_HANDLES[[0, 0, 1, 2, 0, 3, 1, 4][(i / 3) % 8 | 0]!]!] : [],
        urls: i % 4 === 0 ? [INSIGHT_LINKS[[0, 1, 0, 2, 3, 0, 4][(i / 4) % 7 | 0]!]!] : [],
        kind: "original",
      };
    });
    const res = await fetch(`${insights.url}${endpointPath("ingest")}`, {
      method: "POST",
      headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify(posts),
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
    await new Promise((r) => setTimeout(r, 1_000));
    await shoot(`${insights.url}/wall?scenes=insights&rotate=0`, "wall-1080p-insights.png", 1920, 1080);
    await shoot(`${insights.url}/wall?scenes=insights&rotate=0&theme=light`, "wall-1080p-insights-light.png", 1920, 1080);
    await shoot(`${insights.url}/wall?scenes=insights&rotate=0`, "wall-4k-insights.png", 3840, 2160);
    // The dashboard with #alternance clicked: its live feed shows only those posts.
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, locale: "fr-FR" });
    await page.goto(`${insights.url}/`);
    await page.locator('[data-testid="insights-hashtags"] [data-key="alternance"]').getByTestId("insights-hashtag").click({ timeout: 10_000 });
    await page.waitForTimeout(1_500);
    await page.screenshot({ path: path.join(out, "dashboard-insights.png"), fullPage: true });
    await page.close();
    console.log("wrote docs/screenshots/dashboard-insights.png");
  } finally {
    await insights.close();
  }
}

/** Calls the staff API as a script would, with the bearer token. */
async function staffApi(method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${node.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${STAFF_TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/**
 * The staff console: a few staff actions first (a pin, a hidden post, reported hires), so the views show
 * what a day looks like, then the moderation view, the ROI and the printable report (as printed).
 */
async function shootStaff(): Promise<void> {
  const { posts } = (await staffApi("GET", endpointPath("moderatedPosts", { query: { state: "visible", limit: "20" } }))) as {
    posts: { post: { network: Network; id: string; author: { id: string } } }[];
  };
  const actionPath = (p: { network: string; id: string }, action: "pin" | "hide") =>
    endpointPath("postAction", { params: { network: p.network, id: p.id, action } });
  if (posts[1]) await staffApi("POST", actionPath(posts[1].post, "pin"));
  if (posts[3]) await staffApi("POST", actionPath(posts[3].post, "hide"));
  // A block from a post, which names the author in the blocked list and the log.
  const blocked = posts[5]?.post;
  if (blocked) {
    await staffApi("POST", endpointPath("authorAction", { params: { network: blocked.network, authorId: blocked.author.id, action: "block" } }), {
      post: `${blocked.network}:${blocked.id}`,
    });
  }
  const { organizations } = (await staffApi("GET", endpointPath("leaderboard"))) as { organizations: { id: string }[] };
  for (const [i, org] of organizations.slice(0, 8).entries()) {
    await staffApi("PUT", endpointPath("organizationHires", { params: { id: org.id } }), { hires: [14, 9, 12, 4, 7, 3, 5, 2][i] });
  }

  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, locale: "fr-FR" });
  // No Origin header from a script: the login is allowed, and its cookie lands in the context.
  const login = await context.request.post(`${node.url}${endpointPath("staffLogin")}`, { data: { token: STAFF_TOKEN, name: "Zoé" } });
  if (!login.ok()) throw new Error(`staff login answered ${login.status()}`);
  const staffShot = async (view: string, file: string, options: { fullPage?: boolean; print?: boolean } = {}) => {
    const page = await context.newPage();
    if (options.print) await page.emulateMedia({ media: "print" });
    await page.goto(`${node.url}/staff?view=${view}`);
    await page.waitForTimeout(3_000);
    await page.screenshot({ path: path.join(out, file), fullPage: options.fullPage ?? false });
    await page.close();
    console.log(`wrote docs/screenshots/${file}`);
  };
  await staffShot("moderation", "staff-console.png");
  // The live feed held still under the pointer, saying how many posts wait behind it.
  {
    const page = await context.newPage();
    await page.goto(`${node.url}/staff?view=moderation`);
    await page.getByTestId("staff-live-item").nth(1).hover({ timeout: 10_000 });
    await page.waitForTimeout(2_500);
    await page.screenshot({ path: path.join(out, "staff-console-paused.png") });
    await page.close();
    console.log("wrote docs/screenshots/staff-console-paused.png");
  }
  await staffShot("audit", "staff-audit.png");
  await staffShot("roi", "staff-roi.png", { fullPage: false });
  await staffShot("report", "staff-report.png", { fullPage: true, print: true });
  await context.close();
}
/**
 * Pinned posts: two pins (the staff shots pinned one), then the wall's feed scene with a pin in the spotlight
 * and the other leading the list beside it, and the dashboard with both leading its live feed.
 */
async function shootPins(): Promise<void> {
  const { posts } = (await staffApi("GET", endpointPath("moderatedPosts", { query: { state: "visible", limit: "20" } }))) as {
    posts: { post: { network: string; id: string; kind: string } }[];
  };
  const originals = posts.filter((p) => p.post.kind === "original");
  for (const p of originals.slice(6, 8)) {
    await staffApi("POST", endpointPath("postAction", { params: { network: p.post.network, id: p.post.id, action: "pin" } }));
  }
  for (const [url, file, width, height, fullPage] of [
    [`${node.url}/wall?scenes=feed&rotate=0`, "wall-1080p-pinned.png", 1920, 1080, false],
    [`${node.url}/`, "dashboard-pinned.png", 1600, 1000, true],
  ] as const) {
    await shoot(url, file, width, height, fullPage);
  }
}

/** A second campaign, set up as staff would in the console: live now, its own hashtag, brand, goal and organizations. */
const SALON: Campaign = {
  id: "salon-agriculture-2027",
  name: "Salon de l'Agriculture 2027",
  timezone: "Europe/Paris",
  start: new Date(Date.now() - 3 * 3_600_000).toISOString(),
  end: new Date(Date.now() + 7 * 86_400_000).toISOString(),
  hashtags: [
    { tag: "SalonAgri2027", country: "FR" },
    { tag: "AgriJobs2027", country: "BE" },
  ],
  brand: { primary: "#2e7d32", accent: "#f9a825" },
  goal: { posts: 5_000, label: "Objectif du salon" },
  organizations: [
    { id: "ferme-bio", name: "Ferme Bio du Perche", country: "FR", kind: "company", sector: "Agriculture", handles: { x: "fermebioperche" } },
    { id: "coop-lait", name: "Coopérative laitière", country: "FR", kind: "company", sector: "Agroalimentaire", handles: { x: "cooplait" } },
    { id: "inrae", name: "INRAE", country: "FR", kind: "institution", sector: "Recherche", handles: { x: "INRAE_France" } },
    { id: "apecita", name: "Apecita", country: "FR", kind: "agency", sector: "Emploi agricole", handles: { x: "apecita" } },
    { id: "boerenbond", name: "Boerenbond", country: "BE", kind: "institution", sector: "Agriculture", handles: { x: "boerenbond" } },
  ],
};

/** Posts of the second campaign over the last hours, ingested over HTTP as a connector would send them. */
async function ingestSalon(count: number): Promise<void> {
  const now = Date.now();
  const batch = Array.from({ length: count }, (_, i) => ({
    network: "other",
    id: `salon-${i}`,
    createdAt: new Date(now - Math.round(((count - i) / count) * 2 * 3_600_000)).toISOString(),
    text: `Au Salon, on recrute ! Offre ${i} #${i % 4 === 0 ? "AgriJobs2027" : "SalonAgri2027"}`,
    author: { id: `salon-author-${i % 1_900}`, handle: `visiteur${i % 1_900}` },
    country: i % 4 === 0 ? "BE" : "FR",
    hashtags: [i % 4 === 0 ? "agrijobs2027" : "salonagri2027"],
    mentions: [],
    urls: [],
    kind: i % 5 === 0 ? "retweet" : "original",
  }));
  const res = await fetch(`${node.url}${endpointPath("ingest", { query: { campaign: SALON.id } })}`, {
    method: "POST",
    headers: { authorization: `Bearer ${INGEST_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify(batch),
  });
  if (res.status !== 202) throw new Error(`ingest answered ${res.status}: ${await res.text()}`);
}

/**
 * The staff console's Campaigns view, with the built-in day and a second campaign; that campaign's editor with
 * its wall preview; and the two campaigns' walls side by side in one picture (each wall shot on its own, then
 * both laid out on one page: a wall cannot be framed).
 */
async function shootCampaigns(): Promise<void> {
  await staffApi("POST", endpointPath("createCampaign"), SALON);
  await ingestSalon(3_140);
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, deviceScaleFactor: 1, locale: "fr-FR" });
  const login = await context.request.post(`${node.url}${endpointPath("staffLogin")}`, { data: { token: STAFF_TOKEN, name: "Zoé" } });
  if (!login.ok()) throw new Error(`staff login answered ${login.status()}`);
  const page = await context.newPage();
  await page.goto(`${node.url}/staff?view=campaigns`);
  await page.locator(`[data-testid=campaign-item][data-campaign="${SALON.id}"]`).waitFor({ timeout: 10_000 });
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: path.join(out, "staff-campaigns.png") });
  console.log("wrote docs/screenshots/staff-campaigns.png");
  await page.locator(`[data-testid=campaign-item][data-campaign="${SALON.id}"]`).getByTestId("campaign-edit").click();
  await page.getByTestId("campaign-preview").waitFor();
  await page.waitForTimeout(1_000);
  await page.screenshot({ path: path.join(out, "staff-campaign-editor.png") });
  console.log("wrote docs/screenshots/staff-campaign-editor.png");
  await context.close();

  const walls: string[] = [];
  for (const url of [`${node.url}/wall?rotate=0`, `${node.url}/c/${SALON.id}/wall?rotate=0`]) {
    const wall = await browser.newPage({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1, locale: "fr-FR" });
    await wall.goto(url);
    await wall.waitForTimeout(3_000);
    walls.push((await wall.screenshot()).toString("base64"));
    await wall.close();
  }
  const both = await browser.newPage({ viewport: { width: 2 * 1280 + 48, height: 720 + 32 }, deviceScaleFactor: 1 });
  await both.setContent(
    `<body style="margin:0;padding:16px;display:flex;gap:16px;background:#05080b">${walls
      .map((png) => `<img alt="" width="1280" height="720" src="data:image/png;base64,${png}">`)
      .join("")}</body>`,
  );
  await both.screenshot({ path: path.join(out, "walls-two-campaigns.png") });
  await both.close();
  console.log("wrote docs/screenshots/walls-two-campaigns.png");
}

try {
  if (only === "media") {
    await shootMedia();
    throw new MediaOnly();
  }
  if (only === "insights") {
    await shootInsights();
    throw new InsightsOnly();
  }
  if (only === "campaigns") {
    await new Promise((r) => setTimeout(r, warmUp * 1000));
    await shootCampaigns();
    throw new StaffOnly();
  }
  if (only === "organization") {
    await new Promise((r) => setTimeout(r, warmUp * 1000));
    await shootOrganization();
    throw new StaffOnly();
  }
  if (only === "long-name") {
    await shootLongName();
    throw new LongNameOnly();
  }
  // Let the simulated day run so the charts have a shape.
  await new Promise((r) => setTimeout(r, warmUp * 1000));
  if (only === "pins") {
    await shootPins();
    throw new StaffOnly();
  }
  if (only === "map") {
    await shootMap();
    throw new StaffOnly();
  }
  await shootStaff();
  if (only === "staff") throw new StaffOnly();
  await shoot(`${node.url}/`, "dashboard.png", 1600, 1000, true);
  await shoot(`${node.url}/wall?rotate=0`, "wall-1080p.png", 1920, 1080);
  await shoot(`${node.url}/wall?rotate=0&theme=light`, "wall-1080p-light.png", 1920, 1080);
  await shoot(`${node.url}/wall?rotate=0`, "wall-4k.png", 3840, 2160);
  for (const scene of ["countries", "timeline", "organizations", "feed"]) {
    await shoot(`${node.url}/wall?scenes=${scene}`, `wall-1080p-${scene}.png`, 1920, 1080);
  }
  await shoot(partnerUrl, "embeds-partner-page.png", 1000, 1100, true);
  for (const widget of ["counter", "countries", "timeline", "feed"]) {
    await shoot(`${node.url}/embed/${widget}?theme=light`, `embed-${widget}.png`, 360, widget === "counter" ? 200 : 420);
  }
  await shootMap();
  await shootOrganization();
  await shootPins();
  await shootCampaigns();
  await shootLongName();
  await shootMedia();
  await shootInsights();
  console.log(`after ${warmUp}s at SIM_SPEED=1800: ${node.pulse.relay.snapshot().totals.posts} posts`);
} catch (error) {
  if (!(error instanceof StaffOnly || error instanceof LongNameOnly || error instanceof MediaOnly || error instanceof InsightsOnly)) throw error;
} finally {
  await browser.close();
  partner.close();
  await node.close();
}
