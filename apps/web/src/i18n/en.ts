import type { Messages } from "./fr";

/** English. Typed as `Messages`, so a key missing here or unknown in French fails the type check. */
export const en: Messages = {
  "app.name": "Pulse",
  "app.tagline": "Live dashboard",
  "app.loading": "Loading…",
  "app.skipToContent": "Skip to content",

  "lang.label": "Language",
  "lang.fr": "Français",
  "lang.en": "English",

  "status.label": "Connection status",
  "status.connecting": "Connecting…",
  "status.live": "Live",
  "status.reconnecting": "Reconnecting…",
  "status.offline": "Offline",
  "status.paused": "Paused",
  "status.warning.connecting": "Connecting to the live feed.",
  "status.warning.reconnecting": "Connection lost: the figures shown may be behind. Reconnecting.",
  "status.warning.offline": "Offline: the figures shown are no longer updated.",
  "status.warning.paused": "Live data paused — the server can't reach its data store; numbers will catch up automatically.",
  "status.attempt": "Attempt {attempt}",
  "status.lastUpdate": "Last update: {time}",
  "status.noData": "No data received yet",

  "campaign.error": "The campaign could not be loaded: some names may be missing.",
  "campaign.timezone": "Time zone: {zone}",

  "stats.totalPosts": "Posts",
  "stats.totalPostsHint": "since the campaign started",
  "stats.postsPerMinute": "Posts per minute",
  "stats.postsPerMinuteHint": "latest minute",
  "stats.uniqueAuthors": "Unique authors",
  "stats.uniqueAuthorsHint": "distinct accounts",
  "stats.announce": "Posts: {posts}. Unique authors: {authors}. Latest minute: {perMinute}.",

  "kinds.title": "By kind of post",
  "kinds.originals": "Originals",
  "kinds.retweets": "Retweets",
  "kinds.replies": "Replies",
  "kinds.quotes": "Quotes",
  "kinds.share": "{share} of all posts",

  "kind.original": "Original",
  "kind.retweet": "Retweet",
  "kind.reply": "Reply",
  "kind.quote": "Quote",

  "network.x": "X",
  "network.mastodon": "Mastodon",
  "network.bluesky": "Bluesky",
  "network.other": "Other",

  "countries.title": "Posts by country",
  "countries.unknown": "Unknown",
  "countries.others": "Other countries",
  "countries.empty": "No posts yet.",
  "countries.summary_one": "{count} country. Leading: {top}.",
  "countries.summary_other": "{count} countries. Leading: {top}.",
  "countries.entry": "{country}: {posts}",
  "countries.column.country": "Country",
  "countries.column.posts": "Posts",

  "timeline.title": "Posts per minute",
  "timeline.empty": "The curve will appear with the first posts.",
  "timeline.summary": "From {from} to {to}: peak of {peak} posts at {peakTime}; {latest} in the latest minute.",
  "timeline.tooltip": "{time}: {posts}",

  "orgs.title": "Most active organizations",
  "orgs.empty": "No organization of the campaign has posted yet.",
  "orgs.posts_one": "{count} post",
  "orgs.posts_other": "{count} posts",
  "orgs.kind.company": "Company",
  "orgs.kind.institution": "Institution",
  "orgs.kind.agency": "Agency",

  "feed.title": "Live feed",
  "feed.empty": "Posts will appear here as they arrive.",
  "feed.postBy": "Post by {author} on {network}",
  "feed.country": "Country: {country}",

  "notFound.title": "Page not found",
  "notFound.body": "There is nothing at {path}.",
  "notFound.back": "Back to the dashboard",
};
