/**
 * Job-offer detection: a pure, rule-based judgement of whether a post's text advertises open positions.
 *
 * What counts as an offer: the text announces that an employer is recruiting, or advertises a named role or
 * contract to would-be applicants. Relayed offers count too ("RT @org: Nous recrutons…", "Spotted at @org:
 * nurse (permanent), anyone interested?"), because the detector only judges text: whether a post is an offer
 * *the organization posted* is for the caller to decide from `kind` and the author (count originals by the
 * organization's own handle). Not offers: people seeking work, applicants and new hires, questions to
 * employers, commentary about the day, pointers to a whole careers site ("all our vacancies are here: …").
 *
 * How it scores. Text is folded (NFD, combining marks stripped, lower case, curly apostrophes made straight),
 * URLs and @mentions are removed, and `#` is dropped so `#CDI` reads as the word CDI. Words match on letter
 * boundaries, so "backstage" never matches "stage". Each category adds the weight of its strongest match once:
 *
 * - recruiting, 3: nous recrutons, on recrute, poste à pourvoir, offre d'emploi, postulez, H/F · we're hiring,
 *   hiring:, job opening, apply now, "Vacancy:", join our team · "Vacature:", nieuwe vacature, wij zoeken, kom
 *   werken bij, solliciteer, m/v · wir stellen ein, wir suchen, Stellenangebot, jetzt bewerben, m/w/d. Weak
 *   forms count 2: a bare vacancy or vacature (labour-market news uses them too), join us, rejoignez-nous, on
 *   cherche, wanted, gezocht, gesucht, zu vergeben.
 * - contract, 2: CDI, CDD, stage, alternance, intérim, job étudiant, saisonnier · internship, apprenticeship,
 *   graduate scheme, "(permanent)" · vast contract, bijbaan, stageplek · Ausbildung, Praktikum, Werkstudent,
 *   unbefristet, Minijob.
 * - career link, 2: a URL whose host or path names a careers page (careers., jobs., /jobs, /emploi,
 *   /recrutement, /vacatures, /karriere, werkenbij…) or a job board (Welcome to the Jungle, LinkedIn Jobs,
 *   Indeed, Monster, APEC, Pôle emploi…). See `isCareerUrl`.
 * - relay, 1: ça intéresse quelqu'un ?, anyone interested?, iemand interesse?, hat jemand Interesse?, à partager.
 * - job hashtag, 1: #jobs, #emploi, #hiring, #recrutement, #karriere…
 * - seeker, −4: je cherche un CDI, looking for a job, ich suche eine Stelle, op zoek naar werk, disponible
 *   immédiatement, CV updated, Stage gezocht, Praktikum gesucht, #OpenToWork.
 * - applicant, −4: candidature envoyée, just applied, ich habe mich beworben, gesolliciteerd, I got the job.
 * - asks employer, −4: who's hiring?, recrutez-vous ?, des offres…?, wer sucht Elektroniker?, wie zoekt er een
 *   monteur?
 *
 * A post is an offer when the score reaches `JOB_OFFER_THRESHOLD` (3): one recruiting phrase, or a contract
 * word backed by a link or a relay, or a career link backed by anything job-like. A contract word alone is not
 * enough ("J'ai signé mon CDI", "stage de voile"). Precision choices:
 * - "stage" is a contract word only when `lang` is French or Dutch; elsewhere (English "on stage", "early
 *   stage", or no language) only French and Dutch set phrases count ("offre de stage", "en stage", "stage lopen").
 *   "intérim" likewise needs French, since English "interim" means "temporary" in any field.
 * - A seeking phrase without a first-person pronoun that ends in a question ("Looking for a new job? Join us!",
 *   "Op zoek naar een baan? Kom werken bij ons") is a hook written by an employer, not a seeker.
 * - Seeking needs a job word as its object, so a recruiter's "je cherche un développeur" or "I'm looking for a
 *   designer to join my team" is not read as seeking. The reverse holds for "gezocht"/"gesucht"/"wanted": a job
 *   wanted ("Stageplek gezocht") is a seeker, a worker wanted ("Verkoopmedewerker gezocht") an employer; and
 *   "wer sucht…?"/"wie zoekt er…?" asks employers when it names a worker, but is a hook when it names a job
 *   ("Wie zoekt er een bijbaan? Wij hebben plek!").
 * - Pointers to a whole careers site ("toutes nos offres", "all our vacancies", "al onze vacatures", "alle
 *   unsere Stellen") are removed before matching, so on their own they leave only the link.
 *
 * All four languages' rules apply to every post, since `lang` is often missing or wrong; only the ambiguous
 * words above depend on it. Measured precision and recall are in docs/job-offers.md.
 */
import type { Post } from "./models.js";

/** What the detector reads from a post. */
export type JobOfferInput = Pick<Post, "text" | "urls" | "hashtags" | "lang">;

/** The detector's verdict: the decision, the score it came from and one reason per matched rule. */
export interface JobOfferVerdict {
  isOffer: boolean;
  score: number;
  /** `category: "matched text"` for every rule that matched, including ones outweighed in their category. */
  reasons: string[];
}

/** The score at or above which a post is an offer. */
export const JOB_OFFER_THRESHOLD = 3;

type Category = "recruiting" | "contract" | "career-link" | "relay" | "job-hashtag" | "seeker" | "applicant" | "asks-employer";

interface Rule {
  category: Category;
  weight: number;
  pattern: RegExp;
  /**
   * The pattern without its word boundaries: a match of `pattern` is one of `bare`, so text `bare` does not match
   * skips the rule. V8 scans for a bare alternation's first letters quickly; the leading look-behind makes it try
   * every position (most of the detector's time, most texts matching few rules).
   */
  bare: RegExp;
  /** Only for these primary language subtags; other and missing languages skip the rule. */
  langs?: readonly string[];
  /** A seeking phrase with no pronoun: ignored when its sentence ends with "?" (an employer's hook). */
  hookable?: boolean;
}

// Letter-aware word boundaries: JavaScript's \b only knows ASCII, and folded text may still hold ß or œ.
const B = String.raw`(?<![\p{L}\p{N}_])`;
const E = String.raw`(?![\p{L}\p{N}_])`;
/** Up to `n` whole words, lazily: "a new", "aircraft technician". */
const words = (n: number): string => String.raw`(?:[^\s.!?]+\s+){0,${n}}?`;

function rule(category: Category, weight: number, source: string, extra: Partial<Pick<Rule, "langs" | "hookable">> = {}): Rule {
  return { category, weight, pattern: new RegExp(`${B}(?:${source})${E}`, "gu"), bare: new RegExp(source, "u"), ...extra };
}

const RECRUITING = (weight: number, source: string): Rule => rule("recruiting", weight, source);
const CONTRACT = (source: string, langs?: readonly string[]): Rule => rule("contract", 2, source, langs ? { langs } : {});
const SEEKER = (source: string, hookable = false): Rule => rule("seeker", -4, source, { hookable });

// Job words a seeker looks for, per language (folded: no accents).
const FR_JOB = "poste|emploi|job|travail|boulot|cdi|cdd|stage|alternance|contrat|apprentissage|mission|interim|employeur|entreprise";
const EN_JOB = "jobs?|work|roles?|positions?|internships?|placements?|apprenticeships?|opportunit(?:y|ies)|employment";
const DE_JOB = "stelle|job|arbeit|anstellung|ausbildung\\w*|praktikum\\w*|werkstudent\\w*|lehrstelle|nebenjob|minijob";
const NL_JOB = "baan|baantje|job|werk|stage\\w*|bijbaan\\w*|functie|vast\\s+contract|leerwerkplek|traineeship";

// Gender markers of job titles: H/F, F/H, m/w, m/w/d, w/m/d, m/f/d, m/v, m/v/x.
const GENDER_MARKER = String.raw`h\s*/\s*f|f\s*/\s*h|m\s*/\s*[wfv](?:\s*/\s*[dx])?|[wfv]\s*/\s*m(?:\s*/\s*[dx])?`;

const RULES: readonly Rule[] = [
  // Recruiting statements and calls to apply.
  RECRUITING(3, String.raw`nous\s+recrutons|on\s+recrute|recrute|nous\s+recherchons|(?<!(?:l'|d'|une\s|la\s|les\s))embauche|embauchons`),
  RECRUITING(3, String.raw`a\s+pourvoir|offres?\s+d'emploi|offres?\s+de\s+(?:stage|alternance|job|mission|poste)|offre\s+du\s+jour`),
  RECRUITING(3, String.raw`postulez|candidatez|postuler\s+(?:ici|en\s+ligne|sur|:)|envoyez[\s-]+(?:nous\s+)?(?:votre\s+)?cv|candidatures?\s+(?:ouvertes|en\s+ligne)|rejoignez[\s-]+(?:notre\s+equipe|nos\s+equipes)`),
  RECRUITING(2, String.raw`rejoignez[\s-]+nous|rejoindre\s+(?:mon|notre|nos)\s+equipes?`),
  RECRUITING(3, GENDER_MARKER),
  RECRUITING(3, String.raw`we(?:'re|\s+are|re)\s+(?:now\s+|currently\s+|still\s+|also\s+)?(?:hiring|recruiting)|now\s+hiring|hiring\s+now|hiring\s*:|(?<!who\s)is\s+(?:now\s+)?(?:hiring|recruiting)`),
  RECRUITING(3, String.raw`we(?:'re|\s+are|re)\s+(?:currently\s+|still\s+)?(?:looking|searching)\s+for|we\s+(?:need|seek)|job\s+(?:openings?|opportunit(?:y|ies)|of\s+the\s+day|alert|offers?)`),
  // A vacancy noun is an ad when it heads one ("Vacancy:", "new vacancies for…"); bare, it may be labour-market news.
  RECRUITING(3, String.raw`(?:new|current|open|our|latest|nieuwe|onze|openstaande)\s+(?:vacanc(?:y|ies)|vacatures?)|(?:vacanc(?:y|ies)|vacatures?)\s*(?::|van\s+de\s+dag|voor|bij\s+ons|for|at\s+our)`),
  RECRUITING(3, String.raw`apply\s+(?:now|here|today|online|via|at|through|on)|how\s+to\s+apply|send\s+(?:us\s+)?(?:your\s+)?(?:cv|resume)|(?:stuur|mail)\s+(?:je|uw|ons\s+je)\s+cv|applications?\s+${words(5)}(?:are\s+|is\s+)?(?:now\s+)?(?:open|close)\w*|open\w*\s+for\s+applications|join\s+(?:our|the)\s+team`),
  RECRUITING(3, String.raw`(?:we\s+have|there\s+are)\s+${words(4)}(?:openings|vacancies|positions|roles)|(?:roles?|positions?|openings?)\s+(?:open|available)|open\s+(?:roles?|positions?)`),
  // Weak: "join us" may invite people to a stand, "wir suchen nach" may look for anything.
  RECRUITING(2, String.raw`join\s+us|wanted|gezocht|gesucht|wir\s+suchen\s+nach|vacanc(?:y|ies)|vacatures?|(?:on|nous)\s+(?:re)?cherch(?:e|ons)|zu\s+vergeben|noch\s+${words(4)}frei|\d+\s+postes?`),
  RECRUITING(3, String.raw`(?:wij|we)\s+zoeken|zoeken\s+(?:wij|we)|(?:wij|we)\s+(?:zijn\s+)?op\s+zoek\s+naar|kom\s+(?:bij\s+ons\s+)?werken|solliciteer|solliciteren\s+(?:kan|via|op)|versterk\w*\s+(?:ons|het)\s+team|(?:ons|het)\s+team\s+(?:komt?\s+)?versterken`),
  RECRUITING(3, String.raw`(?:wij|we)\s+(?:hebben|heb)\s+${words(3)}(?:plek(?:ken)?|plaats(?:en)?|ruimte)(?:\s+voor|\s*!)`),
  RECRUITING(3, String.raw`wir\s+stellen\s+${words(4)}ein|stellen\s+wir\s+${words(4)}ein|wir\s+suchen(?!\s+nach)|suchen\s+wir|stellenangebot\w*|stellenanzeige\w*|jobangebot\w*|job\s+des\s+tages`),
  RECRUITING(3, String.raw`(?:jetzt|gleich|direkt|hier)\s+bewerben|bewirb\s+dich|bewerben\s+sie\s+sich|bewerbung(?:en)?\s+(?:bitte\s+)?(?:an|unter|per)|verstarke\s+(?:unser|das)\s+team|verstarkung\s+(?:gesucht|fur)|(?:neue|offene|freie)\s+stellen?`),

  // Contract types.
  CONTRACT(String.raw`cdi|cdd|alternance|alternant\w*|apprenti|apprentie|apprentis|stagiaire\w*|contrat\s+pro\w*|temps\s+(?:plein|partiel)`),
  CONTRACT(String.raw`interim\w*`, ["fr"]),
  CONTRACT(String.raw`stages?`, ["fr", "nl"]),
  CONTRACT(String.raw`offres?\s+de\s+stage|en\s+stage|stage\s+de\s+fin|stage\s+(?:de\s+)?\d+\s+mois|stage\s+lopen|stage\s+bij`),
  CONTRACT(String.raw`internships?|apprenticeships?|graduate\s+(?:scheme|programme|program|roles?|jobs?|opportunit(?:y|ies)|positions?)|traineeships?|(?:summer|student|weekend|holiday)\s+jobs?`),
  CONTRACT(String.raw`jobs?\s+(?:etudiants?|d'ete)|petits?\s+boulots?|saisonniers?|seasonal\s+(?:staff|workers?|roles?|jobs?)|nebenjobs?|aushilfe\w*|saisonkr(?:a|e)fte?|450[\s-]?euro\w*|seizoens\w+`),
  CONTRACT(String.raw`interns`, ["en"]),
  CONTRACT(String.raw`\((?:permanent|fixed[\s-]term|full[\s-]time|part[\s-]time|temporary|temp|contract|freelance)\)`),
  CONTRACT(String.raw`(?:permanent|fixed[\s-]term|full[\s-]time|part[\s-]time|temporary)\s+(?:roles?|positions?|contracts?|jobs?|posts?|openings?|vacanc\w+)`),
  CONTRACT(String.raw`ausbildung\w*|praktik(?:um|a|ant\w*)|werkstudent\w*|duale[sn]?\s+studium|(?:un)?befristet\w*|vollzeit|teilzeit|minijob|festanstellung|azubis?|lehrstelle\w*`),
  CONTRACT(String.raw`vaste?\s+(?:contract|baan|dienstverband)|tijdelijke?\s+(?:contract|baan)|bijbaan\w*|stageplek\w*|stageplaats\w*|stagiair\w*|fulltime|parttime`),

  // Relaying an offer to others.
  rule("relay", 1, String.raw`ca\s+interesse\s+quelqu'un|qui\s+est\s+interesse|a\s+partager|faites\s+tourner|anyone\s+interested|know\s+anyone|please\s+share|pass\s+it\s+on`),
  rule("relay", 1, String.raw`iemand\s+interesse|ken\s+(?:jij|je)\s+iemand|even\s+delen|(?:hat\s+)?jemand\s+interesse|kennt\s+(?:ihr|jemand)|bitte\s+teilen`),

  // First-person seeking. The object must be a job word, so a recruiter's "je cherche un développeur" is not seeking.
  SEEKER(String.raw`je\s+(?:suis\s+)?(?:re)?cherche\s+(?:activement\s+|toujours\s+)?(?:un|une|mon|ma|d'un|d'une|du|de\s+l')?\s*(?:nouvel(?:le)?\s+|premier\s+|premiere\s+|vrai\s+)?(?:${FR_JOB})`),
  SEEKER(String.raw`je\s+suis\s+(?:a\s+la\s+|en\s+)recherche\s+d|demandeu(?:r|se)\s+d'emploi|disponible\s+(?:immediatement|de\s+suite|des\s+maintenant)|cv\s+a\s+jour|mois\s+de\s+recherche`),
  SEEKER(String.raw`(?:a\s+la|en)\s+recherche\s+d'?(?:un\s+|une\s+)?(?:nouvel(?:le)?\s+)?(?:emploi|poste|job|stage|alternance|cdi|travail)`, true),
  SEEKER(String.raw`(?:i'?m|i\s+am)\s+(?:currently\s+|actively\s+|still\s+)?(?:looking|searching|hunting)\s+for\s+${words(4)}(?:${EN_JOB})`),
  SEEKER(String.raw`(?<!(?:we|we're|we\s+are|were|are|is|you|you're|you\s+are|they|they're|who)\s+)(?:looking|searching)\s+for\s+${words(4)}(?:${EN_JOB})`, true),
  SEEKER(String.raw`job\s*hunting|job\s*hunt|jobseeker|open\s+to\s+work|cv\s+updated|updated\s+(?:my\s+)?cv|any\s+leads|(?<!(?:roles?|positions?|jobs?|vacancies|openings?)\s+)available\s+(?:right\s+away|immediately)`, true),
  SEEKER(String.raw`ich\s+(?:bin\s+)?such[e]?\s+${words(2)}(?:${DE_JOB})`),
  SEEKER(String.raw`(?<!(?:wir|ihr|sie|er|man|der|die)\s+)suche\s+${words(2)}(?:${DE_JOB})`),
  SEEKER(String.raw`auf\s+(?:der\s+)?(?:job|stellen|arbeits)suche|auf\s+der\s+suche\s+nach\s+${words(3)}(?:${DE_JOB})|(?:ab\s+)?sofort\s+verfugbar|lebenslauf\s+aktualisiert|(?:arbeits|job)suchend`, true),
  SEEKER(String.raw`ik\s+(?:ben\s+)?(?:zoek|op\s+zoek\s+naar)\s+${words(3)}(?:${NL_JOB})|ik\s+ben\s+werkzoekend`),
  SEEKER(String.raw`(?<!(?:wij|we|jullie|jij|je|u|zijn|is|zij)\s+)op\s+zoek\s+naar\s+${words(3)}(?:${NL_JOB})|(?:per\s+)?direct\s+beschikbaar|cv\s+bijgewerkt`, true),

  // "Stage gezocht", "Praktikum gesucht", "job wanted": a job wanted is a seeker, a worker wanted is an employer.
  SEEKER(String.raw`(?:${NL_JOB})\s+gezocht|(?:${DE_JOB})\s+gesucht|(?:jobs?|work|employment|internships?|placements?)\s+wanted`),

  // Applicants and new hires.
  rule("applicant", -4, String.raw`candidature\s+envoyee|j'ai\s+postule|je\s+(?:viens\s+de\s+)?postule|je\s+vais\s+postuler|j'ai\s+(?:signe|decroche|obtenu|trouve)|j'ai\s+ete\s+(?:embauche|recrute|pris)e?`),
  rule("applicant", -4, String.raw`just\s+applied|i(?:'ve|\s+have)?\s+(?:just\s+)?applied|applied\s+(?:this|today|yesterday|for|to)|applying\s*!|i'?m\s+applying|i\s+got\s+the\s+(?:job|role|internship)|(?:started|starting)\s+my\s+new\s+(?:job|role|position)|i(?:'ve|\s+have)\s+been\s+(?:hired|offered)|landed\s+(?:a|my|the)|(?:got|received|accepted)\s+(?:a|an|the|my)\s+(?:job\s+)?offer`),
  rule("applicant", -4, String.raw`beworben|ich\s+bewerbe\s+mich|(?:job|stelle|zusage)\s+bekommen|vertrag\s+unterschrieben|mein\s+erster\s+(?:tag|arbeitstag)`),
  rule("applicant", -4, String.raw`gesolliciteerd|ik\s+(?:ga\s+)?solliciteer|ik\s+ga\s+solliciteren|(?:contract|baan)\s+(?:getekend|binnen)|ik\s+heb\s+(?:de|een)\s+(?:baan|job|stage)|mijn\s+eerste\s+werkdag`),

  // Questions to employers.
  rule("asks-employer", -4, String.raw`who'?s\s+hiring|who\s+is\s+hiring|anyone\s+hiring|are\s+you\s+${words(1)}hiring|any\s+(?:vacancies|openings|jobs)${E}[^.!?]*\?`),
  rule("asks-employer", -4, String.raw`recrutez[\s-]vous|vous\s+recrutez\s*\?|qui\s+recrute|des\s+offres${E}[^.!?]*\?`),
  rule("asks-employer", -4, String.raw`wer\s+(?:sucht(?!\s+${words(2)}(?:${DE_JOB})${E})|stellt\s+${words(2)}ein)|sucht\s+ihr|stellt\s+ihr\s+${words(2)}ein|gibt\s+es\s+(?:noch\s+)?(?:stellen|jobs)`),
  rule("asks-employer", -4, String.raw`wie\s+zoekt\s+er(?!\s+${words(2)}(?:${NL_JOB})${E})|zoeken\s+jullie|hebben\s+jullie\s+${words(1)}vacatures?`),
];

/** Pointers to a whole careers site: removed before matching, so their "vacancies" or "offres" does not count. */
const POINTER = new RegExp(
  `${B}(?:${[
    String.raw`(?:toutes|retrouvez|voir)\s+(?:nos|les)\s+offres`,
    String.raw`all\s+(?:of\s+)?our\s+(?:vacancies|jobs|roles|openings|opportunities|offers)`,
    String.raw`al\s+onze\s+vacatures`,
    String.raw`alle\s+(?:unsere\s+)?(?:stellen|jobs|stellenangebote)`,
  ].join("|")})${E}`,
  "gu",
);

/** Hashtags that say "jobs" without saying who is looking: a weak hint on their own. */
const JOB_HASHTAGS = new Set(["jobs", "job", "emploi", "hiring", "nowhiring", "recrutement", "jobopening", "karriere", "careers", "werk", "banen", "offredemploi"]);
/** Hashtags people seeking work use. */
const SEEKER_HASHTAGS = new Set(["opentowork", "jobseeker", "jobsearch", "cherchedemploi", "rechercheemploi", "werkzoekend", "jobsuche"]);

/** Host or path words of careers pages, compared against the URL split on `.`, `/`, `-` and `_`. */
const CAREER_WORDS = new Set([
  "career", "careers", "carriere", "carrieres", "jobs", "job", "emploi", "emplois", "recrutement", "recrute", "recrutements",
  "karriere", "stellenangebote", "stellenangebot", "stellen", "vacatures", "vacature", "vacancies", "vacancy", "postuler",
]);
/** Only as a host word: `talent.example.com` is an applicant tracking system, `/talent-show` is not. */
const CAREER_HOST_WORDS = new Set([...CAREER_WORDS, "talent"]);
/** Job boards and applicant tracking systems: the host or its parent domain; a trailing dot means any TLD. */
const JOB_BOARDS = [
  "welcometothejungle.com", "indeed.", "monster.", "apec.fr", "pole-emploi.fr", "francetravail.fr", "hellowork.com",
  "jobteaser.com", "stepstone.", "glassdoor.", "totaljobs.com", "reed.co.uk", "cv-library.co.uk", "irishjobs.ie",
  "jobs.ie", "nationalevacaturebank.nl", "werk.nl", "arbeitsagentur.de", "lever.co", "greenhouse.io",
  "myworkdayjobs.com", "smartrecruiters.com", "teamtailor.com", "recruitee.com", "workable.com", "personio.",
];
/** Hosts whose paths name accounts, not pages: a tweet by @BTCareers is not a careers page. */
const SOCIAL_HOSTS = /(?:^|\.)(?:twitter\.com|x\.com|t\.co|bsky\.app|facebook\.com|instagram\.com|youtube\.com|youtu\.be|tiktok\.com)$/;

/** Folds text for matching: no accents, lower case, straight apostrophes. */
function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u2032`]/g, "'");
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"]+/gi;
/** An absolute http(s) URL: host (without credentials or port), then path (without query or fragment). */
const URL_PARTS = /^https?:\/\/(?:[^@/?#\s]*@)?([^/?#:\s]+)(?::\d+)?([^?#\s]*)/i;

/**
 * True when a URL points at a careers page or a job board: a host or path word such as `careers`, `jobs`,
 * `emploi`, `recrutement`, `vacatures` or `karriere` (so `careers.example.com`, `example.com/jobs/123`,
 * `werkenbij.example.nl`, `bosch-karriere.de`), or a known board such as LinkedIn Jobs, Indeed or APEC.
 * Social network links never count, whatever their path.
 */
export function isCareerUrl(url: string): boolean {
  // Parsed by hand: this package compiles without DOM or Node types, so the global URL is not declared.
  const parsed = URL_PARTS.exec(url.trim());
  if (!parsed) return false;
  const host = (parsed[1] ?? "").toLowerCase().replace(/^www\./, "");
  const pathname = parsed[2] || "/";
  if (host === "linkedin.com" || host.endsWith(".linkedin.com")) return /^\/jobs(?:\/|$)/i.test(pathname);
  if (SOCIAL_HOSTS.test(host)) return false;
  if (JOB_BOARDS.some((board) => (board.endsWith(".") ? host.includes(board) : host === board || host.endsWith(`.${board}`)))) return true;
  const path = fold(decodeURIComponentSafe(pathname));
  // "werkenbijdefensie.nl", "werkenbij-ns.nl", "/werken-bij": Dutch "work at", often glued to the employer's name.
  if (/(?:^|[./])werken[-_]?bij/.test(`${host}${path}`)) return true;
  return host.split(/[.-]/).some((t) => CAREER_HOST_WORDS.has(t)) || path.split(/[/._-]+/).some((t) => CAREER_WORDS.has(t));
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Whether the sentence that starts at `from` ends with a question mark. */
function endsAsQuestion(text: string, from: number): boolean {
  const rest = text.slice(from);
  const end = rest.search(/[.!?\n]/);
  return end >= 0 && rest[end] === "?";
}

function primaryLanguage(lang: string | undefined): string | undefined {
  return lang?.trim().toLowerCase().split(/[-_]/)[0] || undefined;
}

/**
 * Judges whether a post's text advertises open positions. Pure: the same post always gets the same verdict.
 * The module header lists the rules; `reasons` says which ones matched, for staff to check a verdict.
 */
export function detectJobOffer(post: JobOfferInput): JobOfferVerdict {
  const lang = primaryLanguage(post.lang);
  const urls = new Set(post.urls);
  for (const m of post.text.matchAll(URL_IN_TEXT)) urls.add(m[0]);

  const reasons: string[] = [];
  const best = new Map<Category, number>();
  const hit = (category: Category, weight: number, what: string): void => {
    reasons.push(`${category}: ${JSON.stringify(what)}`);
    const current = best.get(category);
    // Positive categories keep their strongest match, negative ones their strongest penalty.
    if (current === undefined || Math.abs(weight) > Math.abs(current)) best.set(category, weight);
  };

  const folded = fold(post.text);
  let text = folded
    .replace(URL_IN_TEXT, " ")
    .replace(/(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]+/gu, " ")
    .replace(/#(?=[\p{L}\p{N}_])/gu, "")
    // Line breaks stay: they end sentences, which decides whether a seeking phrase is a question.
    .replace(/[^\S\n]+/g, " ");
  text = text.replace(POINTER, (pointer) => {
    reasons.push(`pointer (ignored): ${JSON.stringify(pointer)}`);
    return " ";
  });

  for (const r of RULES) {
    if (r.langs && !(lang && r.langs.includes(lang))) continue;
    if (!r.bare.test(text)) continue;
    for (const m of text.matchAll(r.pattern)) {
      if (r.hookable && endsAsQuestion(text, m.index)) continue;
      hit(r.category, r.weight, m[0]);
      break;
    }
  }

  const tags = new Set(post.hashtags.map((t) => fold(t).replace(/^#+/, "")));
  for (const m of folded.matchAll(/#([\p{L}\p{N}_]+)/gu)) tags.add(m[1] ?? "");
  for (const tag of tags) {
    if (JOB_HASHTAGS.has(tag)) hit("job-hashtag", 1, `#${tag}`);
    if (SEEKER_HASHTAGS.has(tag)) hit("seeker", -4, `#${tag}`);
  }

  for (const url of urls) {
    if (isCareerUrl(url)) {
      hit("career-link", 2, url);
      break;
    }
  }

  let score = 0;
  for (const weight of best.values()) score += weight;
  return { isOffer: score >= JOB_OFFER_THRESHOLD, score, reasons };
}
