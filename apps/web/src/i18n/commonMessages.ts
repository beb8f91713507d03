/**
 * The strings the app and the embeddable widgets say alike, in French and English. Both dictionaries spread
 * these, so a wording changes in one place, while a widget still ships only its own few strings, never the
 * app's whole dictionary.
 */
export const commonFr = {
  "status.label": "État de la connexion",
  "status.connecting": "Connexion…",
  "status.live": "En direct",
  "status.reconnecting": "Reconnexion…",
  "status.offline": "Hors ligne",
  "status.paused": "En pause",
  "status.ended": "Terminé",

  "countries.title": "Publications par pays",
  "countries.column.country": "Pays",
  "countries.column.posts": "Publications",

  "map.title": "Carte des publications en Europe",
  "map.unknown": "Pays inconnu",
  "map.offMap": "Hors de la carte",

  "timeline.title": "Publications par minute",
  "timeline.empty": "La courbe apparaîtra avec les premières publications.",

  "feed.empty": "Les publications apparaîtront ici dès leur arrivée.",
  "feed.postBy": "Publication de {author} sur {network}",
  "feed.pinned": "Épinglé",
  "feed.pinnedPostBy": "Publication épinglée de {author} sur {network}",

  "network.x": "X",
  "network.mastodon": "Mastodon",
  "network.bluesky": "Bluesky",

  "kind.retweet": "Partage",
  "kind.reply": "Réponse",
  "kind.quote": "Citation",

  "media.noDescription": "Image sans description",
  "media.video": "Vidéo",
  "media.gif": "GIF animé",
  "media.moving": "{kind} : {description}",
  "media.failed": "Image indisponible",
  "media.sensitive": "Média sensible",
  "media.awaitingApproval": "En attente de validation",
};

/** A key both the app and the widgets use. */
export type CommonMessageKey = keyof typeof commonFr;

/** English. Typed against French, so a key missing here fails the type check. */
export const commonEn: Record<CommonMessageKey, string> = {
  "status.label": "Connection status",
  "status.connecting": "Connecting…",
  "status.live": "Live",
  "status.reconnecting": "Reconnecting…",
  "status.offline": "Offline",
  "status.paused": "Paused",
  "status.ended": "Ended",

  "countries.title": "Posts by country",
  "countries.column.country": "Country",
  "countries.column.posts": "Posts",

  "map.title": "Map of posts in Europe",
  "map.unknown": "Country unknown",
  "map.offMap": "Not on the map",

  "timeline.title": "Posts per minute",
  "timeline.empty": "The curve will appear with the first posts.",

  "feed.empty": "Posts will appear here as they arrive.",
  "feed.postBy": "Post by {author} on {network}",
  "feed.pinned": "Pinned",
  "feed.pinnedPostBy": "Pinned post by {author} on {network}",

  "network.x": "X",
  "network.mastodon": "Mastodon",
  "network.bluesky": "Bluesky",

  "kind.retweet": "Repost",
  "kind.reply": "Reply",
  "kind.quote": "Quote",

  "media.noDescription": "Picture without a description",
  "media.video": "Video",
  "media.gif": "Animated GIF",
  "media.moving": "{kind}: {description}",
  "media.failed": "Picture unavailable",
  "media.sensitive": "Sensitive media",
  "media.awaitingApproval": "Awaiting approval",
};
