/**
 * Where post media may load from (contract v2, "Media"): the networks' media hosts, those of the configured
 * Mastodon instance, and `MEDIA_HOSTS`. The server's CSP `img-src` and `media-src` list exactly these, and no
 * client renders a URL outside them. Plain data, no zod: the embeds import it.
 */

import { parseUrl } from "./url-parser.js";

/** The media hosts of X and Bluesky, always allowed. */
export const NETWORK_MEDIA_HOSTS = ["pbs.twimg.com", "video.twimg.com", "cdn.bsky.app", "video.bsky.app"] as const;

/**
 * True when `url` may be rendered: an `https:` URL (or `http:` on a loopback host, for local test servers) whose
 * host (with its port, when it has one) is one of `hosts`, compared without case. Anything unparsable is false.
 */
export function isAllowedMediaUrl(url: string, hosts: readonly string[]): boolean {
  const parsed = parseUrl(url);
  if (!parsed) return false;
  const loopback = parsed.hostname === "127.0.0.1" || parsed.hostname === "localhost" || parsed.hostname === "[::1]";
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && loopback)) return false;
  if (parsed.username || parsed.password) return false;
  const host = parsed.host.toLowerCase();
  return hosts.some((allowed) => allowed.toLowerCase() === host);
}
