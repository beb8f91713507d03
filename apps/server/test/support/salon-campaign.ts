import type { Campaign } from "@pulse/shared";

/** The id of {@link salonCampaign}. */
export const SALON_ID = "salon-2026";

/** A second campaign the tests create: the Salon de l'agriculture, in 2026, with one organization. */
export function salonCampaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: SALON_ID,
    name: "Salon de l'agriculture 2026",
    timezone: "Europe/Paris",
    start: "2026-02-21T09:00:00+01:00",
    end: "2026-03-01T19:00:00+01:00",
    hashtags: [{ tag: "SalonDeLAgriculture", country: "FR" }],
    organizations: [{ id: "ferme", name: "Ferme des Quatre Vents", country: "FR", kind: "company", handles: { x: "fermequatrevents" } }],
    brand: { primary: "#2e7d32" },
    ...overrides,
  };
}
