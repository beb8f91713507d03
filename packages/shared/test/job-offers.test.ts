import { describe, expect, it } from "vitest";
import { detectJobOffer, isCareerUrl, JOB_OFFER_THRESHOLD, type JobOfferInput } from "../src/job-offers.js";
import {
  handwrittenDevelopment,
  handwrittenHeldOut,
  handwrittenHeldOutV1,
  handwrittenHeldOutV2,
  labelledJobOffers,
  simulatedSample,
  type LabelledPost,
} from "./fixtures/job-offers-labelled.js";

// Hashtags as the normalizers deliver them: lower case, without "#".
const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu;

function post(text: string, lang?: string, urls: string[] = []): JobOfferInput {
  const hashtags = [...text.matchAll(HASHTAG)].map((m) => (m[1] ?? "").toLowerCase());
  return lang === undefined ? { text, urls, hashtags } : { text, urls, hashtags, lang };
}

const offer = (text: string, lang?: string, urls?: string[]): boolean => detectJobOffer(post(text, lang, urls)).isOffer;

/** The detector says `isOffer` of the post, and gives a reason of the kind `reason` (how the reason starts). */
function expectVerdict(input: JobOfferInput, isOffer: boolean, reason: string): void {
  const verdict = detectJobOffer(input);
  expect(verdict.isOffer, input.text).toBe(isOffer);
  expect(verdict.reasons.some((r) => r.startsWith(reason)), input.text).toBe(true);
}

describe("detectJobOffer: recruiting phrases", () => {
  it.each([
    ["fr", "Nous recrutons des conseillers à Lyon"],
    ["fr", "On recrute ! Rejoignez notre équipe"],
    ["fr", "Poste à pourvoir : comptable à Lille"],
    ["fr", "Offre d'emploi : cariste à Rungis"],
    ["fr", "Chef de rayon H/F à Nantes"],
    ["en", "We're hiring in Leeds"],
    ["en", "Job opening: data analyst, Dublin"],
    ["en", "Apply now, closing Friday"],
    ["en", "Vacancy: staff nurse, Cork"],
    ["nl", "Vacature: monteur in Utrecht"],
    ["nl", "Wij zoeken een collega voor ons team"],
    ["nl", "Kom werken bij de NS"],
    ["de", "Stellenangebot: Koch in Berlin"],
    ["de", "Wir suchen Verstärkung in Köln"],
    ["de", "Jetzt bewerben und durchstarten"],
    ["de", "Elektriker (m/w/d) in Bremen"],
  ])("%s: %s", (lang, text) => {
    expectVerdict(post(text, lang), true, "recruiting:");
  });

  it("ignores case and accents", () => {
    for (const text of ["NOUS RECRUTONS", "poste a pourvoir", "POSTE À POURVOIR", "Stellenangebot", "STELLENANGEBOT", "offre d’emploi"]) {
      expect(offer(text, "fr"), text).toBe(true);
    }
  });

  it("matches whole words only", () => {
    // "recrute" inside a handle or a longer word is not the verb.
    expect(offer("Merci @AcmeRecrute pour la journée")).toBe(false);
    expect(offer("Les recrutements reprennent selon l'Insee")).toBe(false);
    expect(offer("Bobby Vacancyson wins the race")).toBe(false);
  });
});

describe("detectJobOffer: contract words need backing", () => {
  it("does not count a contract word alone", () => {
    expect(detectJobOffer(post("J'ai enfin signé mon CDI", "fr")).score).toBeLessThan(JOB_OFFER_THRESHOLD);
    expect(offer("Meine Ausbildung ist geschafft!", "de")).toBe(false);
    expect(offer("Internship season is nearly over", "en")).toBe(false);
  });

  it("counts a contract word with a careers link, or relayed to others", () => {
    expect(offer("Technicien en CDI à Lyon", "fr", ["https://carrieres.acme.example/123"])).toBe(true);
    expect(offer("Vu chez Acme : technicien en CDI à Lyon, ça intéresse quelqu'un ?", "fr")).toBe(true);
    expect(offer("Gezien bij Acme: monteur (vast contract), iemand interesse?", "nl")).toBe(true);
    expect(offer("Spotted at Acme: nurse (permanent) in Cork, anyone interested?", "en")).toBe(true);
  });

  it("reads each language's contract words", () => {
    const withLink = ["https://jobs.acme.example/1"];
    for (const [lang, text] of [
      ["fr", "Alternance en comptabilité"],
      ["fr", "Mission en intérim"],
      ["en", "Apprenticeship in Leeds"],
      ["en", "Accountant (fixed-term)"],
      ["nl", "Bijbaan in Almere"],
      ["de", "Praktikum in Hamburg"],
      ["de", "Werkstudent in München"],
    ] as const) {
      expectVerdict(post(text, lang, withLink), true, "contract:");
    }
  });
});

describe("detectJobOffer: the ambiguous word stage", () => {
  const careers = ["https://careers.acme.example/42"];

  it("is an internship in French and Dutch", () => {
    expect(offer("Stage en marketing à Paris", "fr", careers)).toBe(true);
    expect(offer("Stage bij onze afdeling marketing", "nl", careers)).toBe(true);
  });

  it("is not a contract word in English, even with a careers link", () => {
    expect(offer("Our CEO on stage at the careers fair", "en", careers)).toBe(false);
    expect(offer("Early-stage startups at our careers day", "en", careers)).toBe(false);
    expect(offer("Backstage at the show", "fr", careers)).toBe(false);
  });

  it("counts only French set phrases when the language is unknown", () => {
    expect(detectJobOffer(post("Great stage tonight", undefined, careers)).reasons.some((r) => r.startsWith("contract:"))).toBe(false);
    expect(offer("Offre de stage en data science", undefined, careers)).toBe(true);
  });

  it("needs more than the word in French: a sports course is not an offer", () => {
    expect(offer("Super stage de voile cet été à Brest !", "fr")).toBe(false);
  });

  it("leaves English interim alone", () => {
    expect(offer("Interim results out today", "en", careers)).toBe(false);
  });
});

describe("detectJobOffer: seekers, applicants and questions are not offers", () => {
  it.each([
    ["fr", "Je cherche un CDI de comptable à Lyon #emploi"],
    ["fr", "Je suis à la recherche d'un stage en alternance, RT appréciés"],
    ["fr", "CV à jour, disponible immédiatement sur Lille"],
    ["en", "I'm looking for a job in Leeds, any leads welcome #jobs"],
    ["en", "Looking for warehouse work in Cork (permanent)"],
    ["en", "Months of job hunting and still nothing"],
    ["nl", "Ik ben op zoek naar een stage in Utrecht"],
    ["nl", "Op zoek naar werk als monteur (vast contract)"],
    ["nl", "Stageplek gezocht in Rotterdam!"],
    ["de", "Ich suche eine Stelle als Koch in Berlin"],
    ["de", "Suche einen Job als Verkäufer (unbefristet)"],
    ["de", "Ausbildungsplatz gesucht in München"],
  ])("seeker, %s: %s", (lang, text) => {
    expectVerdict(post(text, lang, ["https://www.linkedin.com/jobs/view/1"]), false, "seeker:");
  });

  it.each([
    ["fr", "Candidature envoyée chez Acme pour le poste en CDI"],
    ["en", "Just applied for the internship at Acme 🤞"],
    ["nl", "Vanochtend gesolliciteerd voor de vacature bij Acme"],
    ["de", "Habe mich heute für das Praktikum beworben"],
  ])("applicant, %s: %s", (lang, text) => {
    expectVerdict(post(text, lang), false, "applicant:");
  });

  it.each([
    ["fr", "Des offres en alternance à Lille ? #emploi"],
    ["en", "Nurse jobs in Cork, who's hiring? #jobs"],
    ["nl", "Wie zoekt er een kassamedewerker in Utrecht? #vacature"],
    ["de", "Wer sucht Elektroniker in Bremen? #Jobs"],
  ])("question to employers, %s: %s", (lang, text) => {
    expectVerdict(post(text, lang), false, "asks-employer:");
  });

  it("reads a seeking phrase that ends in a question as an employer's hook", () => {
    expect(offer("Looking for a new job? Join our team in Cork!", "en")).toBe(true);
    expect(offer("Op zoek naar een nieuwe baan? Kom werken bij ons!", "nl")).toBe(true);
    expect(offer("Auf der Suche nach einem Praktikum? Bewirb dich bei uns!", "de")).toBe(true);
    // With a first-person pronoun the question is still a seeker's.
    expect(offer("Ich suche ein Praktikum, hat jemand Tipps? Bewirb dich, sagen alle.", "de")).toBe(false);
  });

  it("does not take a recruiter's first person for a seeker", () => {
    expect(offer("Je cherche un développeur React pour rejoindre mon équipe, CDI à Bordeaux", "fr")).toBe(true);
    expect(offer("We're looking for a designer to join our team", "en")).toBe(true);
  });

  it("reads 'wie zoekt er' with a job as its object as a hook, not a question to employers", () => {
    expect(offer("Wie zoekt er nog een bijbaan? Wij hebben plek!", "nl")).toBe(true);
  });
});

describe("detectJobOffer: pointers, retweets and links", () => {
  it("does not count a pointer to a whole careers site", () => {
    const urls = ["https://careers.acme.example"];
    for (const [lang, text] of [
      ["fr", "Toutes nos offres sont ici"],
      ["en", "Hi, all our vacancies are here"],
      ["nl", "Al onze vacatures staan hier"],
      ["de", "Alle unsere Stellen findest du hier"],
    ] as const) {
      expectVerdict(post(text, lang, urls), false, "pointer (ignored):");
    }
    // The pointer does not hide an offer beside it.
    expect(offer("We're hiring! All our vacancies: https://careers.acme.example", "en")).toBe(true);
  });

  it("judges a retweet by the text it carries", () => {
    expect(offer("RT @AcmeJobs: Nous recrutons ! Technicien H/F en CDI", "fr")).toBe(true);
    expect(offer("RT @someone: Je cherche un poste en CDI", "fr")).toBe(false);
  });

  it("reads career links from the text as well as from urls", () => {
    expect(detectJobOffer(post("Technicien en CDD https://jobs.acme.example/7", "fr")).reasons).toContain('career-link: "https://jobs.acme.example/7"');
  });

  it("recognizes careers pages and job boards", () => {
    for (const url of [
      "https://careers.acme.example/1",
      "https://jobs.acme.example",
      "https://acme.example/jobs/123",
      "https://acme.example/fr/emploi/offre-42",
      "https://acme.example/recrutement",
      "https://acme.example/nl/vacatures/monteur",
      "https://karriere.acme.example/stelle",
      "https://acme-karriere.de/",
      "https://www.werkenbijdefensie.nl/",
      "https://acme.nl/werken-bij/",
      "https://www.welcometothejungle.com/fr/companies/acme/jobs",
      "https://www.linkedin.com/jobs/view/123",
      "https://fr.indeed.com/viewjob?jk=1",
      "https://www.monster.fr/emploi/1",
      "https://www.apec.fr/candidat/recherche-emploi.html/emploi/detail-offre/1",
      "https://candidat.pole-emploi.fr/offres/recherche/detail/1",
    ]) {
      expect(isCareerUrl(url), url).toBe(true);
    }
  });

  it("does not take other links for careers pages", () => {
    for (const url of [
      "https://twitter.com/BTCareers/status/1",
      "https://x.com/jobs/status/1",
      "https://www.linkedin.com/in/someone",
      "https://acme.example/blog/team-day",
      "https://stevejobs.example/",
      "not a url",
    ]) {
      expect(isCareerUrl(url), url).toBe(false);
    }
  });

  it("gives a weak point to job hashtags and none to a campaign tag", () => {
    expect(detectJobOffer(post("Belle journée #emploi", "fr")).score).toBe(1);
    expect(detectJobOffer(post("Belle journée #VotreJob", "fr")).score).toBe(0);
  });

  it("is pure and explains itself", () => {
    const input = post("Wir stellen ein! Koch (m/w/d) https://karriere.acme.example/1", "de");
    const first = detectJobOffer(input);
    expect(detectJobOffer(input)).toEqual(first);
    expect(first.score).toBeGreaterThanOrEqual(JOB_OFFER_THRESHOLD);
    expect(first.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^recruiting:/), expect.stringMatching(/^career-link:/)]));
  });
});

interface Measure {
  n: number;
  offers: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

function measure(items: readonly LabelledPost[]): Measure {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const item of items) {
    const found = detectJobOffer(post(item.text, item.lang, item.urls)).isOffer;
    if (found && item.isOffer) tp++;
    else if (found) fp++;
    else if (item.isOffer) fn++;
  }
  // With nothing found (or nothing to find) there is nothing to be wrong about.
  return { n: items.length, offers: tp + fn, tp, fp, fn, precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 1 };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

describe("precision and recall on the labelled sample", () => {
  const all = measure(labelledJobOffers);
  const bySet = {
    simulated: measure(simulatedSample),
    "handwritten (development)": measure(handwrittenDevelopment),
    "handwritten (held out from v1)": measure(handwrittenHeldOutV1),
    "handwritten (held out from v2)": measure(handwrittenHeldOutV2),
    "handwritten (held out)": measure(handwrittenHeldOut),
  };
  const byLanguage = Object.fromEntries(
    (["fr", "en", "nl", "de"] as const).map((lang) => [lang, measure(labelledJobOffers.filter((p) => p.lang === lang))]),
  );
  const table = Object.fromEntries(
    Object.entries({ all, ...bySet, ...byLanguage }).map(([k, m]) => [k, { ...m, precision: round(m.precision), recall: round(m.recall) }]),
  );
  console.log("job-offer detector on the labelled sample\n" + JSON.stringify(table, null, 1));

  it("is a sample of at least 200 posts, 80 of them hand-written, in all four languages", () => {
    expect(labelledJobOffers.length).toBeGreaterThanOrEqual(200);
    expect(labelledJobOffers.filter((p) => p.source === "handwritten").length).toBeGreaterThanOrEqual(80);
    expect(simulatedSample.length).toBe(120);
    for (const country of ["FR", "NL", "GB", "IE", "DE"]) {
      expect(simulatedSample.filter((p) => p.note?.startsWith(`${country},`)).length, country).toBe(24);
    }
    for (const lang of ["fr", "en", "nl", "de"]) {
      const handwritten = labelledJobOffers.filter((p) => p.source === "handwritten" && p.lang === lang);
      expect(handwritten.length, lang).toBeGreaterThanOrEqual(20);
      // Each language has both offers and non-offers to get wrong.
      expect(new Set(handwritten.map((p) => p.isOffer)).size, lang).toBe(2);
    }
  });

  // Thresholds sit just under the measured figures (docs/job-offers.md), so a regression fails the test.
  it("has precision and recall of at least 0.95 on the whole sample", () => {
    expect(all.precision).toBeGreaterThanOrEqual(0.95);
    expect(all.recall).toBeGreaterThanOrEqual(0.95);
  });

  it("finds every simulated offer and nothing else", () => {
    expect(bySet.simulated.precision).toBe(1);
    expect(bySet.simulated.recall).toBe(1);
  });

  it("keeps precision of at least 0.9 and recall of at least 0.8 on posts it was not tuned on", () => {
    expect(bySet["handwritten (held out)"].precision).toBeGreaterThanOrEqual(0.9);
    expect(bySet["handwritten (held out)"].recall).toBeGreaterThanOrEqual(0.8);
  });

  it("has precision and recall of at least 0.95 in each language", () => {
    for (const [lang, m] of Object.entries(byLanguage)) {
      expect(m.precision, lang).toBeGreaterThanOrEqual(0.95);
      expect(m.recall, lang).toBeGreaterThanOrEqual(0.95);
    }
  });
});
