/**
 * A pure, seeded generator of a believable campaign day, for the built-in simulator.
 *
 * Use: `const sim = createSimulation({ campaign, seed })`, then `sim.postsBetween(fromMs, toMs)` returns every
 * simulated post whose `createdAt` lies in `[fromMs, toMs)`, ordered by `createdAt` then id. It has no clock, no
 * I/O and no state between calls: the same campaign and seed give the same posts whichever windows you ask for,
 * because each minute of each country is generated from its own seed. Windows outside the campaign are empty.
 *
 * The model:
 * - Each country that has a campaign hashtag gets a volume over the campaign window (France 33,000, the figure
 *   Twitter France reported for #VotreJob; the others smaller) spread over a daily curve in the country's local
 *   time: a base, a morning rise, a lunchtime peak, a late-afternoon peak and an evening tail (a sum of Gaussians).
 *   Each minute's count is Poisson around the curve.
 * - Organizations post offers (CDI, stage, Ausbildung…) on their campaign X handle with links to career pages,
 *   and answer questions; people post, reply to organizations, retweet and quote their offers. Text is in the
 *   country's language and always carries the country's campaign tag.
 * - People come from a seeded pool per country with stable ids and a long-tailed activity, so a French day has
 *   roughly 10,000 unique authors.
 * - Ids are X-style snowflakes built from the time, the country and the post's rank in its minute, so they are
 *   unique, deterministic and sort like the times they carry.
 */
import { zoneOffsetMs, type Campaign, type Organization, type Post, type PostKind } from "@pulse/shared";

/** What `createSimulation` needs. */
export interface SimulationOptions {
  campaign: Campaign;
  /** Any integer; the same seed gives the same day. */
  seed: number;
  /** Posts over the campaign window per country, overriding `DEFAULT_VOLUMES`. */
  volumes?: Readonly<Record<string, number>>;
}

/** One simulated country: the tag its posts carry, their language and how many posts to expect. */
export interface SimulatedCountry {
  country: string;
  /** The campaign tag as written in the campaign, without `#`. */
  tag: string;
  lang: string;
  /** Expected posts over the campaign window; the actual count is Poisson around it. */
  volume: number;
}

/** A seeded, reproducible campaign day. */
export interface Simulation {
  /** Epoch ms of the campaign start (inclusive) and end (exclusive). */
  readonly startMs: number;
  readonly endMs: number;
  readonly countries: readonly SimulatedCountry[];
  /** Every post with `createdAt` in `[fromMs, toMs)`, ordered by `createdAt` then id. */
  postsBetween(fromMs: number, toMs: number): Post[];
}

/**
 * Expected posts per country over the campaign day. France is the reported #VotreJob figure; the others are
 * guesses scaled to each market, smaller as the article implies.
 */
export const DEFAULT_VOLUMES: Readonly<Record<string, number>> = { FR: 33_000, GB: 6_000, DE: 4_500, NL: 3_000, IE: 1_500 };

/** Volume for a campaign country missing from `DEFAULT_VOLUMES`. */
const FALLBACK_VOLUME = 2_000;

// ---------------------------------------------------------------------------------------------------------
// Randomness: mulberry32 for streams, a murmur3-style mix to derive independent seeds from coordinates.

/** mulberry32: a tiny, well-known 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Mixes integers into one well-spread 32-bit seed (murmur3 finalizer per step). */
function hash32(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const v of values) {
    h = Math.imul(h ^ (v | 0), 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** FNV-1a of a string, to fold ids such as an organization's into `hash32`. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

type Rng = () => number;

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

/** Picks with a bias towards the front of the list (the bigger cities, the busier people). */
function pickSkewed<T>(rng: Rng, items: readonly T[], skew: number): T {
  return items[Math.floor(items.length * rng() ** skew)] as T;
}

function gaussian(rng: Rng): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Poisson sample: Knuth's product method, or a normal approximation for large means. */
function poisson(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 500) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

// ---------------------------------------------------------------------------------------------------------
// The daily curve, in local hours.

/** Relative activity: [centre hour, width in hours, height]. Heights are relative to the lunchtime peak. */
const PEAKS: readonly (readonly [number, number, number])[] = [
  [9, 1.1, 0.55], // people arrive at work and the organizations open the day
  [12.75, 0.9, 1], // lunchtime, the busiest
  [17.5, 1.2, 0.8], // the late-afternoon commute
  [21, 1.4, 0.3], // the evening tail
  [14, 3.5, 0.25], // a broad daytime plateau under the peaks
];
const NIGHT_BASE = 0.03;

/** Activity at a local hour of the day (0–24, wrapping at midnight). */
export function dailyActivity(localHour: number): number {
  let value = NIGHT_BASE;
  for (const [centre, width, height] of PEAKS) {
    const d = Math.abs(localHour - centre) % 24;
    const distance = Math.min(d, 24 - d);
    value += height * Math.exp(-(distance * distance) / (2 * width * width));
  }
  return value;
}

/** Organizations post mostly during office hours. */
function orgPresence(localHour: number): number {
  return localHour >= 8 && localHour < 19 ? 1 : 0.2;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/** The time zone a country's posters live in; countries not listed use the campaign's. */
const COUNTRY_ZONES: Readonly<Record<string, string>> = {
  FR: "Europe/Paris",
  NL: "Europe/Amsterdam",
  GB: "Europe/London",
  IE: "Europe/Dublin",
  DE: "Europe/Berlin",
  BE: "Europe/Brussels",
  LU: "Europe/Luxembourg",
  CH: "Europe/Zurich",
  AT: "Europe/Vienna",
  ES: "Europe/Madrid",
  PT: "Europe/Lisbon",
  IT: "Europe/Rome",
  PL: "Europe/Warsaw",
  US: "America/New_York",
  CA: "America/Toronto",
};

// ---------------------------------------------------------------------------------------------------------
// Words. One pack per language for templates and job titles, one per country for names and cities.

type SectorGroup = "finance" | "retail" | "tech" | "industry" | "transport" | "defence" | "safety" | "health" | "general";

/** Maps a free-text campaign sector to the job titles it plausibly offers. */
function sectorGroup(sector: string | undefined): SectorGroup {
  const s = (sector ?? "").toLowerCase();
  if (/defen[cs]e|army|military/.test(s)) return "defence";
  if (/public safety|police|security/.test(s)) return "safety";
  if (/healthcare|medical|hospital(?!ity)/.test(s)) return "health";
  if (/bank|insur|financ/.test(s)) return "finance";
  if (/telecom|\bit\b|software|technology|digital/.test(s)) return "tech";
  if (/transport|aviation|postal|logistic|rail|airline/.test(s)) return "transport";
  if (/retail|food|hospitality|restaurant|beverage|cosmetic|consumer/.test(s)) return "retail";
  if (/energy|aerospace|automotive|engineer|construct|electric|environment|industr|chemic/.test(s)) return "industry";
  return "general";
}

interface Contract {
  label: string;
  /** Hashtag added to posts about this contract, without `#`; empty for none. */
  tag: string;
  weight: number;
}

interface LanguagePack {
  lang: string;
  careerHost: string;
  contracts: readonly Contract[];
  profiles: readonly string[];
  titles: Readonly<Record<SectorGroup, readonly string[]>>;
  orgOffer: readonly string[];
  orgInfo: readonly string[];
  orgReply: readonly string[];
  personOriginal: readonly string[];
  personReply: readonly string[];
  quote: readonly string[];
}

const FRENCH: LanguagePack = {
  lang: "fr",
  careerHost: "carrieres.example",
  contracts: [
    { label: "CDI", tag: "CDI", weight: 4 },
    { label: "CDD", tag: "CDD", weight: 2 },
    { label: "stage", tag: "stage", weight: 2 },
    { label: "alternance", tag: "alternance", weight: 2 },
    { label: "intérim", tag: "", weight: 1 },
  ],
  profiles: ["Jeune diplômé", "Jeune diplômée", "Étudiante en master", "En reconversion", "Ingénieur débutant", "Titulaire d'un BTS", "Technicienne confirmée"],
  titles: {
    finance: ["conseiller clientèle", "chargé d'affaires entreprises", "analyste crédit", "actuaire", "conseiller en gestion de patrimoine", "gestionnaire sinistres"],
    retail: ["hôte de caisse", "manager de rayon", "vendeur conseil", "directeur de magasin", "préparateur de commandes", "équipier polyvalent"],
    tech: ["développeur web", "ingénieur réseaux", "chef de projet digital", "technicien fibre optique", "data scientist", "consultant SAP"],
    industry: ["ingénieur mécanique", "technicien de maintenance", "conducteur de travaux", "ingénieur qualité", "électrotechnicien", "ingénieur d'études"],
    transport: ["conducteur de bus", "agent d'escale", "technicien de maintenance ferroviaire", "facteur", "agent de circulation", "logisticien"],
    defence: ["fantassin", "mécanicien aéronautique", "officier", "marin", "informaticien", "pilote"],
    safety: ["gendarme adjoint volontaire", "sous-officier de gendarmerie", "gardien de la paix", "adjoint de sécurité", "officier de police"],
    health: ["infirmier", "aide-soignant", "sage-femme", "manipulateur radio", "médecin"],
    general: ["assistant administratif", "commercial B2B", "comptable", "cariste", "chargé de recrutement", "assistant RH", "technicien support", "chef de projet"],
  },
  orgOffer: [
    "Nous recrutons ! {title} H/F en {contract} à {city} 👉 {link} {tag}",
    "{tag} Poste {deTitle} H/F à pourvoir en {contract} à {city}. Postulez : {link}",
    "Rejoignez-nous : {n} postes {deTitle} H/F en {contract} à pourvoir {link} {tag} {contractTag}",
    "{profile} ? Nous recrutons en {contract} : {title} H/F à {city} {link} {tag}",
    "Offre du jour {tag} : {title} H/F, {contract}, {city} {link}",
  ],
  orgInfo: [
    "Nos recruteurs répondent à vos questions toute la journée sur {tag} ! Posez-les ici 👇",
    "Merci pour vos nombreuses questions sur {tag} ! Toutes nos offres : {link}",
  ],
  orgReply: [
    "{user} Bonjour, toutes nos offres sont ici : {link} {tag}",
    "{user} Merci pour votre intérêt ! Déposez votre CV sur {link} {tag}",
    "{user} Oui, nous recrutons aussi à {city}. Bonne chance ! {tag}",
    "{user} Bonjour, le poste est ouvert aux jeunes diplômés 🙂 {tag}",
  ],
  personOriginal: [
    "Je cherche un poste {deTitle} en {contract} sur {city}, toutes les pistes sont bienvenues {tag}",
    "{profile}, je cherche un poste {deTitle} en {contract}. RT appréciés 🙏 {tag} {contractTag}",
    "Plus de 50 entreprises recrutent aujourd'hui sur {tag}, c'est le moment de tenter sa chance !",
    "Belle initiative de @TwitterFrance pour l'emploi {tag}",
    "Conseil {tag} : une photo pro et une bio claire, les recruteurs regardent votre profil !",
    "Vu chez {org} : {title} en {contract} à {city}, ça intéresse quelqu'un ? {tag}",
    "Candidature envoyée chez {org} pour le poste {deTitle} 🤞 {tag}",
    "Des offres {deTitle} à {city} ? {tag} #emploi",
    "CV à jour, {title} disponible immédiatement sur {city} {tag}",
    "{months} mois de recherche sur {city}, je tente ma chance avec {tag} aujourd'hui 🤞",
  ],
  personReply: [
    "{org} Bonjour, le poste {deTitle} est-il ouvert aux débutants ? {tag}",
    "{org} Recrutez-vous aussi à {city} ? {tag}",
    "{org} Candidature envoyée ce matin, merci ! {tag}",
    "{org} Quelles sont les étapes du recrutement pour le poste {deTitle} ? {tag}",
    "{org} Le lien ne marche pas chez moi 😕 {tag}",
  ],
  quote: [
    "À partager autour de vous 👇 {tag} {quote}",
    "Belle opportunité à {city} ! {tag} {quote}",
    "Je postule ! 🤞 {tag} {quote}",
    "Ça peut intéresser des amis en recherche d'emploi {tag} {quote}",
  ],
};

const ENGLISH: LanguagePack = {
  lang: "en",
  careerHost: "careers.example",
  contracts: [
    { label: "permanent", tag: "", weight: 4 },
    { label: "fixed-term", tag: "", weight: 1 },
    { label: "internship", tag: "internship", weight: 2 },
    { label: "apprenticeship", tag: "apprenticeship", weight: 2 },
    { label: "graduate scheme", tag: "graduatejobs", weight: 2 },
    { label: "part-time", tag: "", weight: 1 },
  ],
  profiles: ["Recent graduate", "Student", "Career changer", "Experienced engineer", "School leaver"],
  titles: {
    finance: ["customer adviser", "relationship manager", "credit risk analyst", "actuarial analyst", "financial planner", "claims handler"],
    retail: ["customer assistant", "department manager", "store manager", "sales adviser", "warehouse operative", "team member"],
    tech: ["software developer", "network engineer", "digital project manager", "field engineer", "data scientist", "IT consultant"],
    industry: ["mechanical engineer", "maintenance technician", "site manager", "quality engineer", "electrical engineer", "design engineer"],
    transport: ["delivery driver", "cabin crew", "train driver", "ground operations agent", "aircraft engineer", "logistics coordinator"],
    defence: ["infantry soldier", "aircraft technician", "officer cadet", "naval rating", "combat medic", "communications specialist"],
    safety: ["police officer", "community support officer", "firefighter", "detective constable", "call handler"],
    health: ["staff nurse", "healthcare assistant", "midwife", "radiographer", "junior doctor", "paramedic"],
    general: ["administrator", "sales executive", "accountant", "forklift driver", "recruitment consultant", "HR adviser", "customer service adviser", "project manager"],
  },
  orgOffer: [
    "We're hiring! {title} ({contract}) in {city} 👉 {link} {tag}",
    "{tag} Job of the day: {title}, {city}, {contract}. Apply here: {link}",
    "Join us: {n} {title} roles ({contract}) open now {link} {tag} {contractTag}",
    "{profile}? We have {contract} openings for {title} roles in {city} {link} {tag}",
    "New role in {city}: {title} ({contract}). Find out more {link} {tag}",
  ],
  orgInfo: [
    "Our recruiters are answering your questions all day on {tag} – ask away! 👇",
    "Thanks for all your questions today on {tag}! All our vacancies: {link}",
  ],
  orgReply: [
    "{user} Hi, all our vacancies are here: {link} {tag}",
    "{user} Thanks for your interest! Upload your CV at {link} {tag}",
    "{user} Yes, we're hiring in {city} too. Good luck! {tag}",
    "{user} Hi, the role is open to graduates 🙂 {tag}",
  ],
  personOriginal: [
    "Looking for {title} work in {city} ({contract}), any leads welcome {tag}",
    "{profile} looking for {title} roles. RTs appreciated 🙏 {tag} {contractTag}",
    "About a hundred employers across Europe are hiring today on {tag}, worth a look!",
    "Great initiative for jobseekers today {tag}",
    "{tag} tip: a professional photo and a clear bio, recruiters do read your profile!",
    "Spotted at {org}: {title} ({contract}) in {city}, anyone interested? {tag}",
    "Just applied to {org} for the {title} role 🤞 {tag}",
    "{title} jobs in {city}, who's hiring? {tag} #jobs",
    "CV updated, {title} available right away in {city} {tag}",
    "{months} months of job hunting in {city}, trying my luck with {tag} today 🤞",
  ],
  personReply: [
    "{org} Hi, is the {title} role open to graduates? {tag}",
    "{org} Are you also hiring in {city}? {tag}",
    "{org} Applied this morning, thanks! {tag}",
    "{org} What are the steps of the recruitment process for the {title} role? {tag}",
    "{org} The link doesn't work for me 😕 {tag}",
  ],
  quote: [
    "Worth sharing 👇 {tag} {quote}",
    "Great opportunity in {city}! {tag} {quote}",
    "Applying! 🤞 {tag} {quote}",
    "Might interest a few friends who are job hunting {tag} {quote}",
  ],
};

const DUTCH: LanguagePack = {
  lang: "nl",
  careerHost: "werkenbij.example",
  contracts: [
    { label: "vast contract", tag: "", weight: 4 },
    { label: "tijdelijk contract", tag: "", weight: 2 },
    { label: "stage", tag: "stage", weight: 2 },
    { label: "traineeship", tag: "traineeship", weight: 1 },
    { label: "bijbaan", tag: "bijbaan", weight: 1 },
  ],
  profiles: ["Pas afgestudeerd", "Student", "Zij-instromer", "Starter", "Ervaren monteur"],
  titles: {
    finance: ["klantadviseur", "accountmanager zakelijk", "kredietanalist", "actuaris", "financieel adviseur", "schadebehandelaar"],
    retail: ["verkoopmedewerker", "afdelingsmanager", "filiaalmanager", "kassamedewerker", "orderpicker", "vakkenvuller"],
    tech: ["softwareontwikkelaar", "netwerkbeheerder", "projectmanager digitaal", "data scientist", "IT-consultant", "servicemonteur glasvezel"],
    industry: ["werktuigbouwkundig ingenieur", "onderhoudsmonteur", "uitvoerder", "kwaliteitsingenieur", "elektromonteur", "procesoperator"],
    transport: ["machinist", "conducteur", "postbezorger", "cabinemedewerker", "vliegtuigmonteur", "logistiek medewerker"],
    defence: ["militair", "officier", "marinier", "vliegtuigtechnicus", "militair verpleegkundige", "cyberspecialist"],
    safety: ["agent van politie", "brandweerman", "handhaver", "meldkamercentralist"],
    health: ["verpleegkundige", "verzorgende", "verloskundige", "doktersassistent", "fysiotherapeut"],
    general: ["administratief medewerker", "accountmanager", "boekhouder", "heftruckchauffeur", "recruiter", "HR-adviseur", "klantenservicemedewerker", "projectleider"],
  },
  orgOffer: [
    "Wij zoeken jou! {title} ({contract}) in {city} 👉 {link} {tag}",
    "{tag} Vacature van de dag: {title}, {city}, {contract}. Solliciteer via {link}",
    "Kom bij ons werken: {n} vacatures voor {title} ({contract}) {link} {tag} {contractTag}",
    "{profile}? Wij hebben plek voor een {title} ({contract}) in {city} {link} {tag}",
    "Nieuwe vacature in {city}: {title} ({contract}). Meer info: {link} {tag}",
  ],
  orgInfo: [
    "Onze recruiters beantwoorden vandaag de hele dag je vragen via {tag}. Stel ze hier! 👇",
    "Bedankt voor al jullie vragen via {tag}! Al onze vacatures: {link}",
  ],
  orgReply: [
    "{user} Hoi, al onze vacatures staan hier: {link} {tag}",
    "{user} Bedankt voor je interesse! Upload je cv via {link} {tag}",
    "{user} Ja, ook in {city} zoeken we collega's. Succes! {tag}",
    "{user} Hoi, starters zijn van harte welkom 🙂 {tag}",
  ],
  personOriginal: [
    "Op zoek naar werk als {title} in {city} ({contract}), alle tips welkom {tag}",
    "{profile}, op zoek naar een baan als {title}. RT's gewaardeerd 🙏 {tag} {contractTag}",
    "Vandaag zoeken honderd werkgevers in heel Europa nieuwe collega's via {tag}, zeker even kijken!",
    "Mooi initiatief voor werkzoekenden vandaag {tag}",
    "Tip {tag}: een professionele foto en een duidelijke bio, recruiters kijken echt naar je profiel!",
    "Gezien bij {org}: {title} ({contract}) in {city}, iemand interesse? {tag}",
    "Net gesolliciteerd bij {org} als {title} 🤞 {tag}",
    "Wie zoekt er een {title} in {city}? {tag} #vacature",
    "Cv bijgewerkt, {title} en direct beschikbaar in {city} {tag}",
    "Al {months} maanden op zoek naar werk in {city}, vandaag maar eens {tag} proberen 🤞",
  ],
  personReply: [
    "{org} Hoi, staat de vacature voor {title} ook open voor starters? {tag}",
    "{org} Zoeken jullie ook mensen in {city}? {tag}",
    "{org} Vanochtend gesolliciteerd, bedankt! {tag}",
    "{org} Hoe ziet de sollicitatieprocedure voor {title} eruit? {tag}",
    "{org} De link werkt bij mij niet 😕 {tag}",
  ],
  quote: [
    "Even delen 👇 {tag} {quote}",
    "Mooie kans in {city}! {tag} {quote}",
    "Ik ga solliciteren! 🤞 {tag} {quote}",
    "Misschien iets voor vrienden die werk zoeken {tag} {quote}",
  ],
};

const GERMAN: LanguagePack = {
  lang: "de",
  careerHost: "karriere.example",
  contracts: [
    { label: "unbefristet", tag: "", weight: 4 },
    { label: "befristet", tag: "", weight: 1 },
    { label: "Praktikum", tag: "Praktikum", weight: 2 },
    { label: "Ausbildung", tag: "Ausbildung", weight: 3 },
    { label: "Werkstudent", tag: "Werkstudent", weight: 1 },
    { label: "duales Studium", tag: "DualesStudium", weight: 1 },
  ],
  profiles: ["Berufseinsteiger", "Student", "Quereinsteigerin", "Erfahrener Ingenieur", "Absolventin"],
  titles: {
    finance: ["Kundenberater", "Firmenkundenbetreuer", "Risikoanalyst", "Aktuar", "Finanzberater", "Schadensachbearbeiter"],
    retail: ["Verkäufer", "Abteilungsleiter", "Filialleiter", "Kassierer", "Kommissionierer", "Kaufmann im Einzelhandel"],
    tech: ["Softwareentwickler", "Netzwerkadministrator", "IT-Projektleiter", "Data Scientist", "SAP-Berater", "Fachinformatiker"],
    industry: ["Maschinenbauingenieur", "Servicetechniker", "Bauleiter", "Qualitätsingenieur", "Elektroniker", "Mechatroniker"],
    transport: ["Lokführer", "Zusteller", "Flugbegleiter", "Fluggerätmechaniker", "Fachkraft für Lagerlogistik", "Disponent"],
    defence: ["Soldat", "Offizier", "Pilot", "Sanitäter", "Feldwebel", "Marinetechniker"],
    safety: ["Polizeikommissar", "Polizeimeister", "Feuerwehrmann", "Justizvollzugsbeamter"],
    health: ["Gesundheits- und Krankenpfleger", "Altenpfleger", "Hebamme", "Medizinische Fachangestellte", "Assistenzarzt"],
    general: ["Bürokaufmann", "Vertriebsmitarbeiter", "Buchhalter", "Staplerfahrer", "Personalreferent", "Recruiter", "Kundenservicemitarbeiter", "Projektleiter"],
  },
  orgOffer: [
    "Wir stellen ein! {title} (m/w) – {contract} – {city} 👉 {link} {tag}",
    "{tag} Job des Tages: {title} (m/w), {city}, {contract}. Jetzt bewerben: {link}",
    "Verstärke unser Team: {n} Stellen als {title} (m/w), {contract} {link} {tag} {contractTag}",
    "{profile}? Wir suchen {title} (m/w) in {city} ({contract}) {link} {tag}",
    "Neue Stelle in {city}: {title} (m/w), {contract}. Mehr dazu: {link} {tag}",
  ],
  orgInfo: [
    "Unsere Recruiter beantworten heute den ganzen Tag eure Fragen unter {tag} – fragt los! 👇",
    "Danke für eure vielen Fragen unter {tag}! Alle Stellen: {link}",
  ],
  orgReply: [
    "{user} Hallo, alle unsere Stellen findest du hier: {link} {tag}",
    "{user} Danke für dein Interesse! Lade deinen Lebenslauf hier hoch: {link} {tag}",
    "{user} Ja, auch in {city} suchen wir Verstärkung. Viel Erfolg! {tag}",
    "{user} Hallo, Berufseinsteiger sind herzlich willkommen 🙂 {tag}",
  ],
  personOriginal: [
    "Suche eine Stelle als {title} in {city} ({contract}), jeder Tipp willkommen {tag}",
    "{profile}, suche einen Job als {title}. RTs erwünscht 🙏 {tag} {contractTag}",
    "Heute suchen rund hundert Arbeitgeber in ganz Europa Leute über {tag}, reinschauen lohnt sich!",
    "Tolle Aktion für Jobsuchende heute {tag}",
    "Tipp {tag}: ein professionelles Foto und eine klare Bio, Recruiter schauen sich dein Profil an!",
    "Gesehen bei {org}: {title} ({contract}) in {city}, hat jemand Interesse? {tag}",
    "Gerade bei {org} als {title} beworben 🤞 {tag}",
    "Wer sucht {title} in {city}? {tag} #Jobs",
    "Lebenslauf aktualisiert, {title}, ab sofort verfügbar in {city} {tag}",
    "Seit {months} Monaten auf Jobsuche in {city}, heute versuche ich es mit {tag} 🤞",
  ],
  personReply: [
    "{org} Hallo, ist die Stelle als {title} auch für Berufseinsteiger offen? {tag}",
    "{org} Sucht ihr auch in {city}? {tag}",
    "{org} Heute Morgen beworben, danke! {tag}",
    "{org} Wie läuft das Bewerbungsverfahren für {title} ab? {tag}",
    "{org} Der Link funktioniert bei mir nicht 😕 {tag}",
  ],
  quote: [
    "Teilen lohnt sich 👇 {tag} {quote}",
    "Tolle Chance in {city}! {tag} {quote}",
    "Ich bewerbe mich! 🤞 {tag} {quote}",
    "Vielleicht was für Freunde auf Jobsuche {tag} {quote}",
  ],
};

const LANGUAGE_PACKS: Readonly<Record<string, LanguagePack>> = { fr: FRENCH, en: ENGLISH, nl: DUTCH, de: GERMAN };

/** The language posts from a country are written in; countries not listed post in English. */
const LANGUAGE_BY_COUNTRY: Readonly<Record<string, string>> = {
  FR: "fr",
  BE: "fr",
  LU: "fr",
  MC: "fr",
  NL: "nl",
  DE: "de",
  AT: "de",
  CH: "de",
  GB: "en",
  IE: "en",
  US: "en",
  CA: "en",
};

interface PeoplePack {
  cities: readonly string[];
  firstNames: readonly string[];
  lastNames: readonly string[];
}

const PEOPLE: Readonly<Record<string, PeoplePack>> = {
  FR: {
    cities: ["Paris", "Lyon", "Marseille", "Toulouse", "Lille", "Bordeaux", "Nantes", "Strasbourg", "Rennes", "Montpellier", "Nice", "Grenoble", "Rouen", "Brest", "Dijon", "Tours", "Metz", "Orléans"],
    firstNames: ["Camille", "Léa", "Manon", "Chloé", "Emma", "Sarah", "Julie", "Marine", "Pauline", "Laura", "Thomas", "Nicolas", "Julien", "Maxime", "Kevin", "Antoine", "Alexandre", "Romain", "Mathieu", "Quentin", "Lucas", "Hugo", "Sophie", "Claire", "Mehdi", "Yanis", "Karim", "Inès", "Amandine", "Céline", "Florian", "Guillaume"],
    lastNames: ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Benali", "Nguyen", "Diallo"],
  },
  NL: {
    cities: ["Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere", "Breda", "Nijmegen", "Arnhem", "Schiphol"],
    firstNames: ["Daan", "Sem", "Lucas", "Milan", "Levi", "Thijs", "Bram", "Jesse", "Lars", "Tim", "Emma", "Sophie", "Julia", "Anna", "Lisa", "Fleur", "Sanne", "Lotte", "Eva", "Iris", "Mohamed", "Noor"],
    lastNames: ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer"],
  },
  GB: {
    cities: ["London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol", "Liverpool", "Edinburgh", "Cardiff", "Newcastle", "Sheffield", "Nottingham", "Belfast", "Southampton"],
    firstNames: ["Oliver", "Jack", "Harry", "George", "James", "Thomas", "Daniel", "Sam", "Ben", "Tom", "Amelia", "Olivia", "Emily", "Jessica", "Sophie", "Chloe", "Lucy", "Hannah", "Charlotte", "Priya", "Aisha", "Mohammed"],
    lastNames: ["Smith", "Jones", "Taylor", "Williams", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Hughes", "Edwards", "Green", "Patel", "Khan", "Hall"],
  },
  IE: {
    cities: ["Dublin", "Cork", "Galway", "Limerick", "Waterford", "Athlone", "Kilkenny", "Sligo", "Drogheda", "Shannon"],
    firstNames: ["Seán", "Conor", "Ciarán", "Oisín", "Darragh", "Cian", "Jack", "Patrick", "Niamh", "Aoife", "Siobhán", "Ciara", "Sinéad", "Róisín", "Orla", "Emma", "Saoirse", "Eoin", "Declan", "Aisling"],
    lastNames: ["Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan", "O'Connor", "O'Neill", "Reilly", "Doyle", "McCarthy", "Gallagher", "Doherty", "Kennedy", "Lynch", "Murray", "Quinn", "Moore"],
  },
  DE: {
    cities: ["Berlin", "München", "Hamburg", "Frankfurt am Main", "Köln", "Stuttgart", "Düsseldorf", "Leipzig", "Hannover", "Nürnberg", "Dresden", "Bremen", "Wolfsburg", "Bonn"],
    firstNames: ["Lukas", "Leon", "Finn", "Jonas", "Paul", "Felix", "Maximilian", "Tim", "Jan", "Niklas", "Anna", "Lea", "Laura", "Julia", "Lena", "Sarah", "Katharina", "Sophie", "Marie", "Hannah", "Mehmet", "Elif"],
    lastNames: ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Yilmaz", "Krüger"],
  },
};

/** The people of a country not listed: those of the language's home country. */
const PEOPLE_BY_LANGUAGE: Readonly<Record<string, string>> = { fr: "FR", nl: "NL", de: "DE", en: "GB" };

// ---------------------------------------------------------------------------------------------------------
// Authors.

/**
 * Activity is Zipf-like: the person at index i posts in proportion to 1 / (i + offset). With a pool of 0.6 people
 * per expected post and an offset of 0.003, a 33,000-post day has about 10,000 authors, half of whom post once,
 * and the busiest posts about 60 times.
 */
const POOL_PER_POST = 0.6;
const ZIPF_OFFSET_PER_POST = 0.003;
/** Ids of people are `PERSON_ID_BASE + country × PERSON_ID_SPAN + scrambled index`. */
const PERSON_ID_BASE = 1_000_000_000;
const PERSON_ID_SPAN = 10_000_000;

type Author = Post["author"];

function ascii(s: string): string {
  return s.normalize("NFD").replace(/[^A-Za-z0-9]/g, "");
}

/** A person of a country's pool; the same index always gives the same person for a seed. */
function person(base: number, countryIndex: number, people: PeoplePack, index: number): Author {
  const rng = mulberry32(hash32(base, 0x5eed, countryIndex, index));
  const first = pick(rng, people.firstNames);
  const last = pick(rng, people.lastNames);
  const f = ascii(first);
  const l = ascii(last);
  const styles = [`${f}${l}`, `${f}_${l}`, `${f.slice(0, 1)}${l}`, `${l}${f.slice(0, 1)}`, `${f}${l.slice(0, 1)}`];
  let handle = pick(rng, styles).slice(0, 13);
  if (rng() < 0.7) handle += String(Math.floor(rng() * 100)).padStart(2, "0");
  if (rng() < 0.5) handle = handle.toLowerCase();
  // Long-tailed: most people have a few hundred followers, a few have tens of thousands.
  const followers = Math.min(2_000_000, Math.floor(Math.exp(5.2 + 1.3 * gaussian(rng))));
  // Multiplying by an odd number not divisible by 5 permutes the indexes, so ids look scattered but stay unique.
  const scrambled = (index * 7_654_321) % PERSON_ID_SPAN;
  return {
    id: String(PERSON_ID_BASE + countryIndex * PERSON_ID_SPAN + scrambled),
    handle,
    name: `${first} ${last}`,
    followers,
    verified: false,
  };
}

/** An organization as an X author: its campaign handle and an old, low account id. */
function orgAuthor(org: Organization, orgIndex: number): Author {
  const h = hashString(org.id);
  const followers = 3_000 + (h % 180_000);
  return {
    id: String(10_000_000 + orgIndex * 7_919),
    handle: (org.handles.x ?? org.id).replace(/^@+/, ""),
    name: org.name,
    followers,
    verified: followers > 60_000,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Ids: X snowflakes. 41 bits of ms since the X epoch, then 6 bits of country and 16 bits of rank in the minute.

const X_EPOCH = 1_288_834_974_657;
const COUNTRY_BITS = 6n;
const RANK_BITS = 16n;
const MAX_COUNTRIES = 1 << Number(COUNTRY_BITS);
const MAX_PER_MINUTE = (1 << Number(RANK_BITS)) - 1;

function snowflake(ms: number, countryIndex: number, rank: number): bigint {
  const time = BigInt(ms >= X_EPOCH ? ms - X_EPOCH : ms);
  return (time << (COUNTRY_BITS + RANK_BITS)) | (BigInt(countryIndex) << RANK_BITS) | BigInt(rank);
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

function shortCode(rng: Rng): string {
  let code = "";
  for (let i = 0; i < 10; i++) code += BASE62[Math.floor(rng() * 62)];
  return code;
}

// ---------------------------------------------------------------------------------------------------------
// Texts.

interface Draft {
  text: string;
  urls: string[];
}

function fill(template: string, vars: Readonly<Record<string, string>>): string {
  return template
    .replace(/\{(\w+)\}/g, (_, key: string) => vars[key] ?? "")
    .replace(/ {2,}/g, " ")
    .trim();
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu;
const MENTION = /(?:^|[^\w@])@(\w{1,15})/g;

function hashtagsOf(text: string): string[] {
  return [...new Set([...text.matchAll(HASHTAG)].map((m) => (m[1] ?? "").toLowerCase()))];
}

function mentionsOf(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => (m[1] ?? "").toLowerCase()))];
}

function pickContract(rng: Rng, contracts: readonly Contract[]): Contract {
  const total = contracts.reduce((sum, c) => sum + c.weight, 0);
  let roll = rng() * total;
  for (const c of contracts) {
    roll -= c.weight;
    if (roll < 0) return c;
  }
  return contracts[contracts.length - 1] as Contract;
}

// ---------------------------------------------------------------------------------------------------------
// The simulation.

/** How many offers each organization has; retweets and quotes share these, as they do on a real day. */
const OFFERS_PER_ORG = 12;
/**
 * Share of posts by kind and author at an office hour; people's own posts take the rest (about 35%). Outside
 * office hours organizations post a fifth as much.
 */
const MIX = { orgOffer: 0.05, orgInfo: 0.006, orgReply: 0.02, retweet: 0.38, reply: 0.11, quote: 0.08 } as const;
/** Of retweets, the share that retweet a person's post rather than an organization's offer. */
const PERSON_RETWEET = 0.15;
/** People whose posts get retweeted: the busiest of the pool. */
const POPULAR_PEOPLE = 300;

interface CountryModel extends SimulatedCountry {
  index: number;
  pack: LanguagePack;
  people: PeoplePack;
  poolSize: number;
  zipfOffset: number;
  orgs: { org: Organization; author: Author; group: SectorGroup }[];
  /** Cumulative weights over `orgs`: the ones listed first (the documented ones) post more. */
  orgWeights: number[];
  /** Expected posts per slot. */
  slotMeans: Float64Array;
  /** Local hour at each slot's middle. */
  slotHours: Float64Array;
}

/**
 * Builds a seeded simulation of the campaign window. Throws when the campaign has more countries than post ids
 * can tell apart (64).
 */
export function createSimulation(options: SimulationOptions): Simulation {
  const { campaign } = options;
  // Every stream below is seeded from this and its own coordinates (country, minute, organization, offer…).
  const base = hash32(Math.trunc(options.seed) | 0, Math.floor(Math.trunc(options.seed) / 4_294_967_296) | 0);
  const startMs = Date.parse(campaign.start);
  const endMs = Date.parse(campaign.end);
  if (!(endMs > startMs)) throw new Error(`simulation: campaign end ${campaign.end} is not after start ${campaign.start}`);
  const slotCount = Math.ceil((endMs - startMs) / MINUTE_MS);

  const countryOrder: string[] = [];
  for (const { country } of campaign.hashtags) if (!countryOrder.includes(country)) countryOrder.push(country);
  if (countryOrder.length > MAX_COUNTRIES) {
    throw new Error(`simulation: at most ${MAX_COUNTRIES} countries can be simulated, the campaign has ${countryOrder.length}`);
  }

  const models: CountryModel[] = countryOrder.map((country, index) => {
    // A country's first tag is the one its posts carry.
    const tag = (campaign.hashtags.find((h) => h.country === country)?.tag ?? "").replace(/^#+/, "");
    const lang = LANGUAGE_BY_COUNTRY[country] ?? "en";
    const pack = LANGUAGE_PACKS[lang] ?? ENGLISH;
    const people = PEOPLE[country] ?? PEOPLE[PEOPLE_BY_LANGUAGE[lang] ?? "GB"] ?? (PEOPLE.GB as PeoplePack);
    const volume = Math.max(0, options.volumes?.[country] ?? DEFAULT_VOLUMES[country] ?? FALLBACK_VOLUME);
    const orgs = campaign.organizations
      .map((org, orgIndex) => ({ org, orgIndex }))
      .filter(({ org }) => org.country === country && org.handles.x)
      .map(({ org, orgIndex }) => ({ org, author: orgAuthor(org, orgIndex), group: sectorGroup(org.sector) }));
    const orgWeights: number[] = [];
    let cumulative = 0;
    for (let i = 0; i < orgs.length; i++) orgWeights.push((cumulative += 1 / Math.sqrt(i + 4)));

    // The curve is drawn in local time; the offset is read once per hour so a DST change is honoured.
    const zone = COUNTRY_ZONES[country] ?? campaign.timezone;
    const offsets = new Map<number, number>();
    const slotHours = new Float64Array(slotCount);
    const weights = new Float64Array(slotCount);
    let totalWeight = 0;
    for (let slot = 0; slot < slotCount; slot++) {
      const from = startMs + slot * MINUTE_MS;
      const to = Math.min(endMs, from + MINUTE_MS);
      const middle = (from + to) / 2;
      const hourKey = Math.floor(middle / HOUR_MS);
      let offset = offsets.get(hourKey);
      if (offset === undefined) {
        offset = Math.round(zoneOffsetMs(hourKey * HOUR_MS, zone) / MINUTE_MS);
        offsets.set(hourKey, offset);
      }
      const localHour = ((((middle + offset * MINUTE_MS) / HOUR_MS) % 24) + 24) % 24;
      slotHours[slot] = localHour;
      const weight = dailyActivity(localHour) * ((to - from) / MINUTE_MS);
      weights[slot] = weight;
      totalWeight += weight;
    }
    const slotMeans = weights.map((w) => (totalWeight > 0 ? (volume * w) / totalWeight : 0));
    return {
      country,
      tag,
      lang: pack.lang,
      volume,
      index,
      pack,
      people,
      poolSize: Math.max(50, Math.round(volume * POOL_PER_POST)),
      zipfOffset: Math.max(2, volume * ZIPF_OFFSET_PER_POST),
      orgs,
      orgWeights,
      slotMeans,
      slotHours,
    };
  });

  function pickOrg(rng: Rng, model: CountryModel): CountryModel["orgs"][number] | undefined {
    const total = model.orgWeights[model.orgWeights.length - 1];
    if (total === undefined) return undefined;
    const roll = rng() * total;
    let lo = 0;
    let hi = model.orgWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((model.orgWeights[mid] ?? 0) > roll) hi = mid;
      else lo = mid + 1;
    }
    return model.orgs[lo];
  }

  function personAt(model: CountryModel, index: number): Author {
    return person(base, model.index, model.people, index);
  }

  /** A person picked with the long-tailed activity: a few post a lot, most post once. */
  function pickPerson(rng: Rng, model: CountryModel): Author {
    // Inverse of the continuous CDF of 1 / (x + c) over [0, pool).
    const c = model.zipfOffset;
    const index = Math.floor(c * ((model.poolSize + c) / c) ** rng() - c);
    return personAt(model, Math.min(model.poolSize - 1, index));
  }

  function vars(rng: Rng, model: CountryModel, group: SectorGroup): Record<string, string> {
    const contract = pickContract(rng, model.pack.contracts);
    const title = pick(rng, model.pack.titles[group]);
    return {
      tag: `#${model.tag}`,
      title,
      // French elides "de" before a vowel or a mute h: "poste d'infirmier", "poste d'hôte de caisse".
      deTitle: /^[aeiouyàâéèêëîïôûh]/i.test(title) ? `d'${title}` : `de ${title}`,
      contract: contract.label,
      contractTag: contract.tag ? `#${contract.tag}` : "",
      city: pickSkewed(rng, model.people.cities, 1.8),
      profile: pick(rng, model.pack.profiles),
      n: String(2 + Math.floor(rng() ** 2 * 48)),
      months: String(2 + Math.floor(rng() * 16)),
    };
  }

  function careerLink(rng: Rng, model: CountryModel, org: Organization): { short: string; expanded: string } {
    const ref = `${new Date(startMs).getUTCFullYear()}-${10_000 + Math.floor(rng() * 90_000)}`;
    return { short: `https://t.co/${shortCode(rng)}`, expanded: `https://${model.pack.careerHost}/${org.id}/${ref}` };
  }

  /** Offer `variant` of an organization: the same text every time it is posted, retweeted or quoted. */
  function offer(model: CountryModel, entry: CountryModel["orgs"][number], variant: number): Draft & { statusId: string } {
    const rng = mulberry32(hash32(base, 0x0ffe, hashString(entry.org.id), variant));
    const link = careerLink(rng, model, entry.org);
    const v = { ...vars(rng, model, entry.group), link: link.short };
    const text = fill(pick(rng, model.pack.orgOffer), v);
    // The status id of the offer itself, somewhere in the morning; quotes link to it.
    const postedAt = startMs + Math.floor(rng() * Math.min(endMs - startMs, 10 * HOUR_MS));
    const statusId = snowflake(postedAt, MAX_COUNTRIES - 1, (hashString(entry.org.id) + variant) & MAX_PER_MINUTE).toString();
    return { text, urls: [link.expanded], statusId };
  }

  /** A person's own post; with `rng` seeded per person and variant it doubles as the text others retweet. */
  function personText(rng: Rng, model: CountryModel): Draft {
    const entry = pickOrg(rng, model);
    const templates = entry ? model.pack.personOriginal : model.pack.personOriginal.filter((t) => !t.includes("{org}"));
    const v = { ...vars(rng, model, entry?.group ?? "general"), org: entry ? `@${entry.author.handle}` : "" };
    return { text: fill(pick(rng, templates), v), urls: [] };
  }

  function draft(rng: Rng, model: CountryModel, localHour: number): { author: Author; kind: PostKind; draft: Draft } {
    const orgShare = orgPresence(localHour);
    const entry = pickOrg(rng, model);
    let roll = rng();
    if (entry) {
      if ((roll -= MIX.orgOffer * orgShare) < 0) {
        return { author: entry.author, kind: "original", draft: offer(model, entry, Math.floor(rng() * OFFERS_PER_ORG)) };
      }
      if ((roll -= MIX.orgInfo * orgShare) < 0) {
        const link = careerLink(rng, model, entry.org);
        const text = fill(pick(rng, model.pack.orgInfo), { ...vars(rng, model, entry.group), link: link.short });
        return { author: entry.author, kind: "original", draft: { text, urls: text.includes(link.short) ? [link.expanded] : [] } };
      }
      if ((roll -= MIX.orgReply * orgShare) < 0) {
        const link = careerLink(rng, model, entry.org);
        const asker = pickPerson(rng, model);
        const v = { ...vars(rng, model, entry.group), link: link.short, user: `@${asker.handle}` };
        const text = fill(pick(rng, model.pack.orgReply), v);
        return { author: entry.author, kind: "reply", draft: { text, urls: text.includes(link.short) ? [link.expanded] : [] } };
      }
    }
    const author = pickPerson(rng, model);
    if (entry && (roll -= MIX.retweet) < 0) {
      if (rng() < PERSON_RETWEET) {
        const popular = Math.floor(Math.min(POPULAR_PEOPLE, model.poolSize) * rng() ** 2);
        const source = personAt(model, popular);
        const variant = Math.floor(rng() * 4);
        const original = personText(mulberry32(hash32(base, 0x7e7, model.index, popular, variant)), model);
        return { author, kind: "retweet", draft: { text: `RT @${source.handle}: ${original.text}`, urls: original.urls } };
      }
      const original = offer(model, entry, Math.floor(rng() * OFFERS_PER_ORG));
      return { author, kind: "retweet", draft: { text: `RT @${entry.author.handle}: ${original.text}`, urls: original.urls } };
    }
    if (entry && (roll -= MIX.reply) < 0) {
      const v = { ...vars(rng, model, entry.group), org: `@${entry.author.handle}` };
      return { author, kind: "reply", draft: { text: fill(pick(rng, model.pack.personReply), v), urls: [] } };
    }
    if (entry && (roll -= MIX.quote) < 0) {
      const quoted = offer(model, entry, Math.floor(rng() * OFFERS_PER_ORG));
      const quoteUrl = `https://twitter.com/${entry.author.handle}/status/${quoted.statusId}`;
      const text = fill(pick(rng, model.pack.quote), { ...vars(rng, model, entry.group), quote: quoteUrl });
      return { author, kind: "quote", draft: { text, urls: [quoteUrl] } };
    }
    // The rest, and everything when the country has no organization to react to, are people's own posts.
    return { author, kind: "original", draft: personText(rng, model) };
  }

  interface Generated {
    t: number;
    id: bigint;
    post: Post;
  }

  /** Every post of one country in one minute slot, generated from that slot's own seed. */
  function slotPosts(model: CountryModel, slot: number): Generated[] {
    const from = startMs + slot * MINUTE_MS;
    const length = Math.min(endMs, from + MINUTE_MS) - from;
    const rng = mulberry32(hash32(base, model.index, slot));
    const count = Math.min(MAX_PER_MINUTE, poisson(rng, model.slotMeans[slot] ?? 0));
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(from + Math.floor(rng() * length));
    times.sort((a, b) => a - b);
    const localHour = model.slotHours[slot] ?? 12;
    return times.map((t, rank) => {
      const { author, kind, draft: d } = draft(rng, model, localHour);
      const id = snowflake(t, model.index, rank);
      return {
        t,
        id,
        post: {
          network: "x",
          id: id.toString(),
          createdAt: new Date(t).toISOString(),
          text: d.text,
          author: { ...author },
          lang: model.lang,
          hashtags: hashtagsOf(d.text),
          mentions: mentionsOf(d.text),
          urls: d.urls,
          kind,
        },
      };
    });
  }

  function postsBetween(fromMs: number, toMs: number): Post[] {
    const from = Math.max(fromMs, startMs);
    const to = Math.min(toMs, endMs);
    if (!(to > from)) return [];
    const firstSlot = Math.floor((from - startMs) / MINUTE_MS);
    const lastSlot = Math.min(slotCount - 1, Math.ceil((to - startMs) / MINUTE_MS) - 1);
    const out: Generated[] = [];
    for (let slot = firstSlot; slot <= lastSlot; slot++) {
      for (const model of models) {
        for (const g of slotPosts(model, slot)) if (g.t >= from && g.t < to) out.push(g);
      }
    }
    out.sort((a, b) => a.t - b.t || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return out.map((g) => g.post);
  }

  return {
    startMs,
    endMs,
    countries: models.map(({ country, tag, lang, volume }) => ({ country, tag, lang, volume })),
    postsBetween,
  };
}
