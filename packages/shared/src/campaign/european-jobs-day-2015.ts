import type { Campaign, Organization } from "../models.js";

/** Shorthand for the organization rows below: id, name, country, kind, sector, X handle, other handles. */
function org(
  id: string,
  name: string,
  country: string,
  kind: Organization["kind"],
  sector: string,
  x: string,
  more: Omit<Organization["handles"], "x"> = {},
): Organization {
  return { id, name, country, kind, sector, handles: { x, ...more } };
}

/**
 * Twitter's first European Jobs Day, 24 February 2015, animated in France with #VotreJob.
 *
 * What press coverage documents: the date, #VotreJob for France, about 33,000 French posts that day, "more than
 * fifty" French participants of which it names Axa, Carrefour, Orange, Crédit Agricole, GDF Suez, La Poste, LCL,
 * Adecco, Monster, Michael Page, the Ministry of Defence (army, air force, navy), Pôle emploi and the Gendarmerie,
 * local hashtags in the Netherlands, the United Kingdom, Ireland and Germany, and about a hundred organizations
 * across Europe. Everything else here is illustrative and says so in `notes`.
 */
export const europeanJobsDay2015: Campaign = {
  id: "european-jobs-day-2015",
  name: "European Jobs Day 2015 (#VotreJob)",
  timezone: "Europe/Paris",
  // The whole local day in Paris (CET, UTC+1 in February); `end` is the next midnight, exclusive.
  start: "2015-02-24T00:00:00+01:00",
  end: "2015-02-25T00:00:00+01:00",
  hashtags: [
    { tag: "VotreJob", country: "FR" },
    { tag: "JouwBaan", country: "NL", example: true },
    { tag: "YourJobUK", country: "GB", example: true },
    { tag: "YourJobIE", country: "IE", example: true },
    { tag: "DeinJob", country: "DE", example: true },
  ],
  notes:
    "Date, #VotreJob, the ~33,000 French posts and the named French participants come from press coverage of " +
    "Twitter's first European Jobs Day (24 February 2015). The other organizations are well-known employers and " +
    "institutions of each country, added to reach the reported hundred participants. Handles are illustrative, " +
    "not verified accounts. The four local tags (#JouwBaan, #YourJobUK, #YourJobIE, #DeinJob) are examples: the " +
    "source says local hashtags existed but does not name them. The brand colours are Twitter's 2015 blue " +
    "and a warm accent; the goal is the 33,000 French posts the day reached.",
  brand: { primary: "#1d9bf0", accent: "#f7b500" },
  goal: { posts: 33_000, country: "FR", label: "#VotreJob" },
  organizations: [
    // France: the participants the article names.
    org("axa", "Axa", "FR", "company", "insurance", "AXA_Recrute", { bluesky: "axa-recrute.bsky.social" }),
    org("carrefour", "Carrefour", "FR", "company", "retail", "CarrefourRecrut"),
    org("orange", "Orange", "FR", "company", "telecommunications", "OrangeRecrute", {
      mastodon: "orangerecrute@mastodon.social",
      bluesky: "orange-recrute.bsky.social",
    }),
    org("credit-agricole", "Crédit Agricole", "FR", "company", "banking", "CA_Recrute"),
    org("gdf-suez", "GDF Suez", "FR", "company", "energy", "GDFSUEZ_Jobs"),
    org("la-poste", "La Poste", "FR", "company", "postal services", "LaPosteRecrute", {
      mastodon: "laposterecrute@mastodon.social",
    }),
    org("lcl", "LCL", "FR", "company", "banking", "LCL_Recrute"),
    org("adecco", "Adecco", "FR", "agency", "staffing", "AdeccoFrance"),
    org("monster", "Monster", "FR", "agency", "recruitment", "MonsterFrance", { bluesky: "monster-france.bsky.social" }),
    org("michael-page", "Michael Page", "FR", "agency", "recruitment", "MichaelPage_FR"),
    org("ministere-defense", "Ministère de la Défense", "FR", "institution", "defence", "Defense_Recrute"),
    org("armee-de-terre", "Armée de terre", "FR", "institution", "defence", "ArmeeDeTerre"),
    org("armee-de-l-air", "Armée de l'air", "FR", "institution", "defence", "ArmeeDeLAir"),
    org("marine-nationale", "Marine nationale", "FR", "institution", "defence", "MarineRecrute"),
    org("pole-emploi", "Pôle emploi", "FR", "institution", "public employment", "PoleEmploi_Job", {
      mastodon: "poleemploi@mastodon.social",
      bluesky: "pole-emploi.bsky.social",
    }),
    org("gendarmerie-nationale", "Gendarmerie nationale", "FR", "institution", "public safety", "GendRecrute"),
    // France: other well-known employers, for the "more than fifty".
    org("sncf", "SNCF", "FR", "company", "transport", "SNCF_Recrute", { mastodon: "sncfrecrute@mastodon.social" }),
    org("ratp", "RATP", "FR", "company", "transport", "RATPrecrute"),
    org("societe-generale", "Société Générale", "FR", "company", "banking", "SG_Recrute"),
    org("bnp-paribas", "BNP Paribas", "FR", "company", "banking", "BNPP_Recrute"),
    org("airbus", "Airbus", "FR", "company", "aerospace", "AirbusJobs_FR"),
    org("safran", "Safran", "FR", "company", "aerospace", "SafranRecrute"),
    org("thales", "Thales", "FR", "company", "aerospace", "ThalesCareersFR"),
    org("loreal", "L'Oréal", "FR", "company", "cosmetics", "LOrealTalent"),
    org("danone", "Danone", "FR", "company", "food", "DanoneJobs"),
    org("renault", "Renault", "FR", "company", "automotive", "RenaultRecrute"),
    org("psa-peugeot-citroen", "PSA Peugeot Citroën", "FR", "company", "automotive", "PSA_Recrute"),
    org("edf", "EDF", "FR", "company", "energy", "EDF_Recrute"),
    org("bouygues-telecom", "Bouygues Telecom", "FR", "company", "telecommunications", "BouyguesTelJobs"),
    org("vinci", "Vinci", "FR", "company", "construction", "VINCI_Recrute"),
    org("accor", "Accor", "FR", "company", "hospitality", "AccorJobs_FR"),
    org("sodexo", "Sodexo", "FR", "company", "food services", "SodexoRecrute"),
    org("decathlon", "Decathlon", "FR", "company", "retail", "DecathlonJobs"),
    org("auchan", "Auchan", "FR", "company", "retail", "AuchanRecrute"),
    org("capgemini", "Capgemini", "FR", "company", "IT services", "CapgeminiJobFR"),
    org("sopra-steria", "Sopra Steria", "FR", "company", "IT services", "SopraSteriaJobs"),
    org("atos", "Atos", "FR", "company", "IT services", "AtosCareersFR"),
    org("manpower-france", "Manpower", "FR", "agency", "staffing", "ManpowerFrance"),
    org("randstad-france", "Randstad", "FR", "agency", "staffing", "RandstadFrance"),
    org("apec", "Apec", "FR", "agency", "recruitment", "Apec_Emploi", { bluesky: "apec-emploi.bsky.social" }),
    org("areva", "Areva", "FR", "company", "energy", "AREVA_Jobs"),
    org("total", "Total", "FR", "company", "energy", "TotalRecrute"),
    org("veolia", "Veolia", "FR", "company", "environmental services", "VeoliaRecrute"),
    org("air-france", "Air France", "FR", "company", "aviation", "AirFranceJobs"),
    org("leroy-merlin", "Leroy Merlin", "FR", "company", "retail", "LeroyMerlinJob"),
    org("fnac", "Fnac", "FR", "company", "retail", "FnacRecrute"),
    org("mcdonalds-france", "McDonald's France", "FR", "company", "restaurants", "McDoRecrute"),
    org("schneider-electric", "Schneider Electric", "FR", "company", "electrical equipment", "SchneiderJobsFR"),
    org("michelin", "Michelin", "FR", "company", "automotive", "MichelinJobs"),
    org("police-nationale", "Police nationale", "FR", "institution", "public safety", "PoliceRecrute"),

    // Netherlands.
    org("philips", "Philips", "NL", "company", "health technology", "PhilipsBanen"),
    org("ing", "ING", "NL", "company", "banking", "INGwerkenbij"),
    org("abn-amro", "ABN AMRO", "NL", "company", "banking", "ABNAMRO_Jobs"),
    org("rabobank", "Rabobank", "NL", "company", "banking", "RabobankBanen"),
    org("klm", "KLM", "NL", "company", "aviation", "KLM_Jobs"),
    org("heineken", "Heineken", "NL", "company", "beverages", "HeinekenBanen"),
    org("ahold", "Ahold", "NL", "company", "retail", "AholdVacatures"),
    org("postnl", "PostNL", "NL", "company", "postal services", "PostNLVacature"),
    org("ns", "NS", "NL", "company", "transport", "NS_Werkenbij"),
    org("uwv", "UWV", "NL", "institution", "public employment", "UWV_Vacatures", { mastodon: "uwv_vacatures@mastodon.social" }),
    org("defensie", "Defensie", "NL", "institution", "defence", "DefensieBanen"),
    org("randstad-nl", "Randstad", "NL", "agency", "staffing", "RandstadNL"),

    // United Kingdom.
    org("bt", "BT", "GB", "company", "telecommunications", "BTCareers"),
    org("tesco", "Tesco", "GB", "company", "retail", "TescoCareers"),
    org("sainsburys", "Sainsbury's", "GB", "company", "retail", "SainsburysJobs"),
    org("barclays", "Barclays", "GB", "company", "banking", "BarclaysJobs"),
    org("hsbc-uk", "HSBC UK", "GB", "company", "banking", "HSBCUKCareers"),
    org("lloyds-banking-group", "Lloyds Banking Group", "GB", "company", "banking", "LBGcareers"),
    org("royal-mail", "Royal Mail", "GB", "company", "postal services", "RoyalMailJobs"),
    org("nhs-jobs", "NHS Jobs", "GB", "institution", "healthcare", "NHSJobsUK", { bluesky: "nhsjobs.bsky.social" }),
    org("british-army", "British Army", "GB", "institution", "defence", "ArmyJobsUK"),
    org("royal-navy", "Royal Navy", "GB", "institution", "defence", "RoyalNavyJobs"),
    org("jobcentre-plus", "Jobcentre Plus", "GB", "institution", "public employment", "JCPJobsUK"),
    org("reed", "Reed", "GB", "agency", "recruitment", "ReedJobsUK"),
    org("hays-uk", "Hays", "GB", "agency", "recruitment", "HaysUKJobs"),
    org("marks-and-spencer", "Marks & Spencer", "GB", "company", "retail", "MandSCareers"),
    org("rolls-royce", "Rolls-Royce", "GB", "company", "engineering", "RollsRoyceJobs"),

    // Ireland.
    org("bank-of-ireland", "Bank of Ireland", "IE", "company", "banking", "BOI_Careers"),
    org("aib", "AIB", "IE", "company", "banking", "AIBCareers"),
    org("ryanair", "Ryanair", "IE", "company", "aviation", "RyanairJobs"),
    org("aer-lingus", "Aer Lingus", "IE", "company", "aviation", "AerLingusJobs"),
    org("kerry-group", "Kerry Group", "IE", "company", "food", "KerryGrpCareers"),
    org("an-post", "An Post", "IE", "company", "postal services", "AnPostJobs"),
    org("hse", "HSE", "IE", "institution", "healthcare", "HSEJobsIE"),
    org("intreo", "Intreo", "IE", "institution", "public employment", "IntreoJobs", { bluesky: "intreo.bsky.social" }),
    org("defence-forces-ireland", "Defence Forces Ireland", "IE", "institution", "defence", "DefenceForcesIE"),
    org("sigmar-recruitment", "Sigmar Recruitment", "IE", "agency", "recruitment", "SigmarJobs"),

    // Germany.
    org("deutsche-bahn", "Deutsche Bahn", "DE", "company", "transport", "DB_Karriere"),
    org("siemens", "Siemens", "DE", "company", "engineering", "SiemensKarriere"),
    org("deutsche-telekom", "Deutsche Telekom", "DE", "company", "telecommunications", "TelekomKarriere"),
    org("bosch", "Bosch", "DE", "company", "engineering", "BoschKarriere"),
    org("bmw-group", "BMW Group", "DE", "company", "automotive", "BMWKarriere"),
    org("daimler", "Daimler", "DE", "company", "automotive", "DaimlerKarriere"),
    org("volkswagen", "Volkswagen", "DE", "company", "automotive", "VW_Karriere"),
    org("sap", "SAP", "DE", "company", "software", "SAPKarriere"),
    org("allianz", "Allianz", "DE", "company", "insurance", "AllianzKarriere"),
    org("deutsche-post-dhl", "Deutsche Post DHL", "DE", "company", "postal services", "DPDHLKarriere"),
    org("bundesagentur-fuer-arbeit", "Bundesagentur für Arbeit", "DE", "institution", "public employment", "BA_Jobboerse", {
      mastodon: "ba_jobboerse@mastodon.social",
    }),
    org("bundeswehr", "Bundeswehr", "DE", "institution", "defence", "BWKarriere"),
    org("stepstone", "StepStone", "DE", "agency", "recruitment", "StepStoneDE"),
  ],
};
