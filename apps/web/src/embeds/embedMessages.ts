/**
 * Every UI string of the embeddable widgets, in French (the default) and English. Kept apart from the app's
 * dictionaries so a widget ships only its own few strings. `{name}` marks a value filled in at run time; keys
 * ending in `_one` / `_other` are chosen by `Intl.PluralRules`.
 */
export const embedFr = {
  "status.label": "État de la connexion",
  "status.connecting": "Connexion…",
  "status.live": "En direct",
  "status.reconnecting": "Reconnexion…",
  "status.offline": "Hors ligne",
  "status.paused": "En pause",
  "status.ended": "Terminé",

  "counter.title": "Compteur de publications en direct",
  "counter.label_one": "Publication",
  "counter.label_other": "Publications",
  "counter.announce_one": "{count} publication",
  "counter.announce_other": "{count} publications",
  "counter.announceCountry_one": "{country} : {count} publication",
  "counter.announceCountry_other": "{country} : {count} publications",

  "countries.title": "Publications par pays",
  "countries.unknown": "Pays inconnu",
  "countries.empty": "Les pays apparaîtront avec les premières publications.",
  "countries.summary_one": "{count} pays. En tête : {top}.",
  "countries.summary_other": "{count} pays. En tête : {top}.",
  "countries.highlight_one": "{country} : {count} publication, rang {rank}.",
  "countries.highlight_other": "{country} : {count} publications, rang {rank}.",
  "countries.highlightNone": "{country} : aucune publication pour l’instant.",
  "countries.entry": "{country} : {posts}",
  "countries.column.country": "Pays",
  "countries.column.posts": "Publications",

  "timeline.title": "Publications par minute",
  "timeline.latest_one": "publication dans la dernière minute",
  "timeline.latest_other": "publications dans la dernière minute",
  "timeline.peak": "Pic : {peak} à {time}",
  "timeline.empty": "La courbe apparaîtra avec les premières publications.",
  "timeline.summary": "De {from} à {to} : pic de {peak} publications à {peakTime} ; {latest} dans la dernière minute.",

  "feed.title": "Dernières publications",
  "feed.empty": "Les publications apparaîtront ici dès leur arrivée.",
  "feed.postBy": "Publication de {author} sur {network}",
  "feed.pinned": "Épinglé",
  "feed.pinnedPostBy": "Publication épinglée de {author} sur {network}",
  "feed.list": "Publications, les épinglées d’abord, puis de la plus récente à la plus ancienne",

  "network.x": "X",
  "network.mastodon": "Mastodon",
  "network.bluesky": "Bluesky",
  "network.other": "Autre réseau",

  "kind.original": "Publication",
  "kind.retweet": "Partage",
  "kind.reply": "Réponse",
  "kind.quote": "Citation",
};

/** A key of the widgets' dictionary. */
export type EmbedMessageKey = keyof typeof embedFr;

/** A widget dictionary: every key, in one language. */
export type EmbedMessages = Record<EmbedMessageKey, string>;

/** English. Typed as {@link EmbedMessages}, so a key missing here or unknown in French fails the type check. */
export const embedEn: EmbedMessages = {
  "status.label": "Connection status",
  "status.connecting": "Connecting…",
  "status.live": "Live",
  "status.reconnecting": "Reconnecting…",
  "status.offline": "Offline",
  "status.paused": "Paused",
  "status.ended": "Ended",

  "counter.title": "Live post counter",
  "counter.label_one": "Post",
  "counter.label_other": "Posts",
  "counter.announce_one": "{count} post",
  "counter.announce_other": "{count} posts",
  "counter.announceCountry_one": "{country}: {count} post",
  "counter.announceCountry_other": "{country}: {count} posts",

  "countries.title": "Posts by country",
  "countries.unknown": "Unknown country",
  "countries.empty": "Countries will appear with the first posts.",
  "countries.summary_one": "{count} country. Leading: {top}.",
  "countries.summary_other": "{count} countries. Leading: {top}.",
  "countries.highlight_one": "{country}: {count} post, rank {rank}.",
  "countries.highlight_other": "{country}: {count} posts, rank {rank}.",
  "countries.highlightNone": "{country}: no posts yet.",
  "countries.entry": "{country}: {posts}",
  "countries.column.country": "Country",
  "countries.column.posts": "Posts",

  "timeline.title": "Posts per minute",
  "timeline.latest_one": "post in the latest minute",
  "timeline.latest_other": "posts in the latest minute",
  "timeline.peak": "Peak: {peak} at {time}",
  "timeline.empty": "The curve will appear with the first posts.",
  "timeline.summary": "From {from} to {to}: peak of {peak} posts at {peakTime}; {latest} in the latest minute.",

  "feed.title": "Latest posts",
  "feed.empty": "Posts will appear here as they arrive.",
  "feed.postBy": "Post by {author} on {network}",
  "feed.pinned": "Pinned",
  "feed.pinnedPostBy": "Pinned post by {author} on {network}",
  "feed.list": "Posts, pinned ones first, then newest first",

  "network.x": "X",
  "network.mastodon": "Mastodon",
  "network.bluesky": "Bluesky",
  "network.other": "Other network",

  "kind.original": "Post",
  "kind.retweet": "Repost",
  "kind.reply": "Reply",
  "kind.quote": "Quote",
};
