import type { NextFunction, Request, RequestHandler, Response, Router } from "express";
import { ENDPOINTS, type EndpointName, type EndpointSpec, type ResponseOf } from "@pulse/shared";

/** An error answer: `{ error }`, sometimes with more fields (a moderation 404 carries its `outcome` and `rev`). */
export type ErrorBody = { error: string } & Record<string, unknown>;

/** The last handler of a declared endpoint: its `res.json` takes only the endpoint's declared answer or an error. */
export type EndpointHandler<N extends EndpointName> = (
  req: Request,
  res: Response<ResponseOf<N> | ErrorBody>,
  next: NextFunction,
) => unknown;

/**
 * Mounts a declared endpoint of the shared table (packages/shared/src/endpoints.ts) on its method, its path and
 * its v1 aliases, so a route cannot live at a path the table does not name, nor answer another shape.
 */
export function route<N extends EndpointName>(
  router: Router,
  name: N,
  ...handlers: [...RequestHandler[], EndpointHandler<N>]
): void {
  const method = ENDPOINTS[name].method.toLowerCase() as Lowercase<EndpointSpec["method"]>;
  router[method](pathsOf(name), ...(handlers as RequestHandler[]));
}

/** An endpoint's path and its v1 aliases. */
function pathsOf(name: EndpointName): string[] {
  const endpoint = ENDPOINTS[name];
  return [endpoint.path, ...("aliases" in endpoint ? endpoint.aliases : [])];
}

/** The path prefixes (`/api/<first segment>`) of the given endpoints and their aliases. */
export function prefixesOf(names: readonly EndpointName[]): string[] {
  return [...new Set(names.flatMap(pathsOf).map((path) => path.split("/").slice(0, 3).join("/")))];
}
