/**
 * French, the default language. Every UI string lives here and in `en.ts`; `{name}` marks a value filled in
 * at run time, and keys ending in `_one` / `_other` are chosen by `Intl.PluralRules`.
 */
export const fr = {
  "app.name": "Pulse",
  "app.tagline": "Tableau de bord en direct",
  "app.loading": "Chargement…",
  "app.skipToContent": "Aller au contenu",

  "lang.label": "Langue",
  "lang.fr": "Français",
  "lang.en": "English",

  "status.label": "État de la connexion",
  "status.connecting": "Connexion…",
  "status.live": "En direct",
  "status.reconnecting": "Reconnexion…",
  "status.offline": "Hors ligne",
  "status.paused": "En pause",
  "status.warning.connecting": "Connexion au flux en direct en cours.",
  "status.warning.reconnecting": "Connexion perdue : les chiffres affichés peuvent être en retard. Reconnexion en cours.",
  "status.warning.offline": "Hors ligne : les chiffres affichés ne sont plus mis à jour.",
  "status.warning.paused":
    "Données en direct en pause : le serveur n’arrive plus à joindre son stockage de données. Les chiffres se mettront à jour automatiquement.",
  "status.attempt": "Tentative n° {attempt}",
  "status.lastUpdate": "Dernière mise à jour : {time}",
  "status.noData": "Aucune donnée reçue pour l’instant",

  "campaign.error": "La campagne n’a pas pu être chargée : certains noms peuvent manquer.",
  "campaign.timezone": "Fuseau horaire : {zone}",

  "stats.totalPosts": "Publications",
  "stats.totalPostsHint": "depuis le début de la campagne",
  "stats.postsPerMinute": "Publications par minute",
  "stats.postsPerMinuteHint": "dernière minute",
  "stats.uniqueAuthors": "Auteurs uniques",
  "stats.uniqueAuthorsHint": "comptes distincts",
  "stats.announce": "Publications : {posts}. Auteurs uniques : {authors}. Dernière minute : {perMinute}.",

  "kinds.title": "Par type de publication",
  "kinds.originals": "Originaux",
  "kinds.retweets": "Partages",
  "kinds.replies": "Réponses",
  "kinds.quotes": "Citations",
  "kinds.share": "{share} du total",

  "kind.original": "Original",
  "kind.retweet": "Partage",
  "kind.reply": "Réponse",
  "kind.quote": "Citation",

  "network.x": "X",
  "network.mastodon": "Mastodon",
  "network.bluesky": "Bluesky",
  "network.other": "Autre",

  "countries.title": "Publications par pays",
  "countries.unknown": "Inconnu",
  "countries.others": "Autres pays",
  "countries.empty": "Aucune publication pour l’instant.",
  "countries.summary_one": "{count} pays. En tête : {top}.",
  "countries.summary_other": "{count} pays. En tête : {top}.",
  "countries.entry": "{country} : {posts}",
  "countries.column.country": "Pays",
  "countries.column.posts": "Publications",

  "timeline.title": "Publications par minute",
  "timeline.empty": "La courbe apparaîtra avec les premières publications.",
  "timeline.summary": "De {from} à {to} : pic de {peak} publications à {peakTime} ; {latest} dans la dernière minute.",
  "timeline.tooltip": "{time} : {posts}",

  "orgs.title": "Organisations les plus actives",
  "orgs.empty": "Aucune organisation de la campagne n’a encore publié.",
  "orgs.posts_one": "{count} publication",
  "orgs.posts_other": "{count} publications",
  "orgs.kind.company": "Entreprise",
  "orgs.kind.institution": "Institution",
  "orgs.kind.agency": "Agence",

  "feed.title": "Fil en direct",
  "feed.empty": "Les publications apparaîtront ici dès leur arrivée.",
  "feed.postBy": "Publication de {author} sur {network}",
  "feed.country": "Pays : {country}",

  "wall.title": "Mur en direct",
  "wall.total": "Publications",
  "wall.totalHint": "depuis le début de la campagne",
  "wall.countriesReached": "Pays",
  "wall.countriesReachedHint": "avec au moins une publication",
  "wall.live": "En direct",
  "wall.clock": "Heure de {zone}",
  "wall.goal": "Objectif",
  "wall.goal.in": "{label} · {country}",
  "wall.goal.progress": "{value} sur {target}",
  "wall.goal.reached": "Objectif atteint",
  "wall.goal.summary": "Objectif {label} : {value} publications sur {target}, soit {percent}.",
  "wall.offline.title": "Connexion perdue",
  "wall.offline.body": "Reconnexion en cours… Chiffres arrêtés à {time}.",
  "wall.offline.noData": "Reconnexion en cours…",
  "wall.paused": "Données en direct en pause",
  "wall.scenes": "Écrans du mur",
  "wall.scene.counter": "Compteur",
  "wall.scene.countries": "Pays",
  "wall.scene.timeline": "Chronologie",
  "wall.scene.organizations": "Organisations",
  "wall.scene.feed": "Publications",
  "wall.countries.reached_one": "{count} pays représenté",
  "wall.countries.reached_other": "{count} pays représentés",
  "wall.timeline.caption": "Pic : {peak} à {peakTime} · Dernière minute : {latest}",
  "wall.timeline.average": "Moyenne sur {minutes} min · heure de {zone}",
  "wall.timeline.perMinute": "Heure de {zone}",
  "wall.feed.highlight": "À la une",
  "wall.feed.latest": "À l’instant",

  "notFound.title": "Page introuvable",
  "notFound.body": "Il n’y a rien à l’adresse {path}.",
  "notFound.back": "Retour au tableau de bord",
} as const satisfies Record<string, string>;

/** A key of the UI dictionaries. */
export type MessageKey = keyof typeof fr;

/** A full UI dictionary: every key French has, as plain strings. */
export type Messages = Record<MessageKey, string>;
