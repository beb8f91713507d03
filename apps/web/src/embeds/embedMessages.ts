import { commonEn, commonFr } from "../i18n/commonMessages";

/**
 * Every UI string of the embeddable widgets, in French (the default) and English. Kept apart from the app's
 * dictionaries so a widget ships only its own few strings; those it says just like the app come from
 * `i18n/commonMessages.ts`. `{name}` marks a value filled in at run time; keys ending in `_one` / `_other` are
 * chosen by `Intl.PluralRules`.
 */
export const embedFr = {
  ...commonFr,
  "counter.title": "Compteur de publications en direct",
  "counter.label_one": "Publication",
  "counter.label_other": "Publications",
  "counter.announce_one": "{count} publication",
  "counter.announce_other": "{count} publications",
  "counter.announceCountry_one": "{country} : {count} publication",
  "counter.announceCountry_other": "{country} : {count} publications",

  "countries.unknown": "Pays inconnu",
  "countries.empty": "Les pays apparaîtront avec les premières publications.",
  "countries.summary_one": "{count} pays. En tête : {top}.",
  "countries.summary_other": "{count} pays. En tête : {top}.",
  "countries.highlight_one": "{country} : {count} publication, rang {rank}.",
  "countries.highlight_other": "{country} : {count} publications, rang {rank}.",
  "countries.highlightNone": "{country} : aucune publication pour l’instant.",
  "countries.entry": "{country} : {posts}",

  "timeline.latest_one": "publication dans la dernière minute",
  "timeline.latest_other": "publications dans la dernière minute",
  "timeline.peak": "Pic : {peak} à {time}",
  "timeline.summary": "De {from} à {to} : pic de {peak} publications à {peakTime} ; {latest} dans la dernière minute.",

  "feed.title": "Dernières publications",
  "feed.list": "Publications, les épinglées d’abord, puis de la plus récente à la plus ancienne",

  "network.other": "Autre réseau",

  "kind.original": "Publication",

  "org.title": "Organisation",
  "org.loading": "Chargement de l’organisation…",
  "org.figure.posts": "Publications",
  "org.figure.offers": "Offres d’emploi",
  "org.figure.mentions": "Mentions",
  "org.waiting": "Pas encore disponible",
  "org.summary": "{org} : {posts} publications, {offers} offres d’emploi, {mentions} mentions.",
  "org.summaryPosts": "{org} : {posts} publications.",
  "org.latest": "Ses dernières publications",
  "org.latestList": "Dernières publications de {org}, de la plus récente à la plus ancienne",
  "org.noRecent": "Aucune publication récente.",
  "org.unknown": "Organisation inconnue : « {org} » ne participe pas à cette campagne.",
  "org.missing": "Aucune organisation choisie : indiquez son identifiant dans data-org.",
  "org.unavailable": "La campagne ne peut pas être chargée pour l’instant.",
};

/** A key of the widgets' dictionary. */
export type EmbedMessageKey = keyof typeof embedFr;

/** A widget dictionary: every key, in one language. */
export type EmbedMessages = Record<EmbedMessageKey, string>;

/** English. Typed as {@link EmbedMessages}, so a key missing here or unknown in French fails the type check. */
export const embedEn: EmbedMessages = {
  ...commonEn,
  "counter.title": "Live post counter",
  "counter.label_one": "Post",
  "counter.label_other": "Posts",
  "counter.announce_one": "{count} post",
  "counter.announce_other": "{count} posts",
  "counter.announceCountry_one": "{country}: {count} post",
  "counter.announceCountry_other": "{country}: {count} posts",

  "countries.unknown": "Unknown country",
  "countries.empty": "Countries will appear with the first posts.",
  "countries.summary_one": "{count} country. Leading: {top}.",
  "countries.summary_other": "{count} countries. Leading: {top}.",
  "countries.highlight_one": "{country}: {count} post, rank {rank}.",
  "countries.highlight_other": "{country}: {count} posts, rank {rank}.",
  "countries.highlightNone": "{country}: no posts yet.",
  "countries.entry": "{country}: {posts}",

  "timeline.latest_one": "post in the latest minute",
  "timeline.latest_other": "posts in the latest minute",
  "timeline.peak": "Peak: {peak} at {time}",
  "timeline.summary": "From {from} to {to}: peak of {peak} posts at {peakTime}; {latest} in the latest minute.",

  "feed.title": "Latest posts",
  "feed.list": "Posts, pinned ones first, then newest first",

  "network.other": "Other network",

  "kind.original": "Post",

  "org.title": "Organization",
  "org.loading": "Loading the organization…",
  "org.figure.posts": "Posts",
  "org.figure.offers": "Job offers",
  "org.figure.mentions": "Mentions",
  "org.waiting": "Not available yet",
  "org.summary": "{org}: {posts} posts, {offers} job offers, {mentions} mentions.",
  "org.summaryPosts": "{org}: {posts} posts.",
  "org.latest": "Its latest posts",
  "org.latestList": "Latest posts by {org}, newest first",
  "org.noRecent": "No recent posts.",
  "org.unknown": "Unknown organization: “{org}” does not take part in this campaign.",
  "org.missing": "No organization chosen: give its id in data-org.",
  "org.unavailable": "The campaign cannot be loaded right now.",
};
