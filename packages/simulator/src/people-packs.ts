/**
 * The people packs: per country, the cities and the first and last names the simulated people are drawn from.
 * Data only.
 */

/** The cities (biggest first) and names of one country. */
export interface PeoplePack {
  cities: readonly string[];
  firstNames: readonly string[];
  lastNames: readonly string[];
}

/** The packs by country code. */
export const PEOPLE: Readonly<Record<string, PeoplePack>> = {
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
export const PEOPLE_BY_LANGUAGE: Readonly<Record<string, string>> = { fr: "FR", nl: "NL", de: "DE", en: "GB" };
