/**
 * The text packs: per language, the contracts, profiles, job titles by sector and the post templates of
 * organizations and people; and which language each country posts in. Data only, with the sector mapping the
 * titles are keyed by.
 */

/** The groups of job titles a campaign sector maps to. */
export type SectorGroup = "finance" | "retail" | "tech" | "industry" | "transport" | "defence" | "safety" | "health" | "general";

/** Maps a free-text campaign sector to the job titles it plausibly offers. */
export function sectorGroup(sector: string | undefined): SectorGroup {
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

/** A kind of contract as a language names it, and how often offers use it. */
export interface Contract {
  label: string;
  /** Hashtag added to posts about this contract, without `#`; empty for none. */
  tag: string;
  weight: number;
}

/** Everything the simulator writes in one language; `{placeholders}` in templates are filled per post. */
export interface LanguagePack {
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

/** English, also the pack of any language without its own. */
export const ENGLISH: LanguagePack = {
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

/** The packs by language code. */
export const LANGUAGE_PACKS: Readonly<Record<string, LanguagePack>> = { fr: FRENCH, en: ENGLISH, nl: DUTCH, de: GERMAN };

/** The language posts from a country are written in; countries not listed post in English. */
export const LANGUAGE_BY_COUNTRY: Readonly<Record<string, string>> = {
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
