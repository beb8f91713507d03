/**
 * The WHATWG URL parser, which every runtime Pulse targets has (Node, browsers). Declared here because the shared
 * build targets plain ES with no DOM or Node types; only the fields Pulse reads.
 */
declare const URL: new (url: string) => ParsedUrl;

/** The parts of a parsed URL that Pulse reads. */
export interface ParsedUrl {
  protocol: string;
  hostname: string;
  host: string;
  username: string;
  password: string;
}

/** `url` parsed, or undefined when it is no absolute URL. */
export function parseUrl(url: string): ParsedUrl | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}
