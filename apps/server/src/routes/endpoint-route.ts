import type { NextFunction, Request, RequestHandler, Response, Router } from "express";
import {
  ENDPOINT_SCHEMAS,
  ENDPOINTS,
  type EndpointName,
  type EndpointSchema,
  type EndpointSpec,
  type ParsedBodyOf,
  type ParsedQueryOf,
  type ResponseOf,
} from "@pulse/shared";
import { badRequest, parseBody } from "../staff/staff-errors.js";

/** An error answer: `{ error }`, sometimes with more fields (a moderation 404 carries its `outcome` and `rev`). */
export type ErrorBody = { error: string } & Record<string, unknown>;

/**
 * The last handler of a declared endpoint: its `req` holds the query and body as the endpoint's schemas parsed them,
 * and its `res.json` takes only the endpoint's declared answer or an error.
 */
export type EndpointHandler<N extends EndpointName> = (
  req: Request<Request["params"], unknown, ParsedBodyOf<N>, [ParsedQueryOf<N>] extends [never] ? Request["query"] : ParsedQueryOf<N>>,
  res: Response<ResponseOf<N> | ErrorBody>,
  next: NextFunction,
) => unknown;

/**
 * Mounts a declared endpoint of the shared table (packages/shared/src/endpoints.ts) on its method, its path and
 * its v1 aliases, so a route cannot live at a path the table does not name, nor answer another shape. Right before
 * the last handler (after the body parsers among `handlers`), the query and body are parsed with the endpoint's
 * schemas (endpoint-schemas.ts): a request that does not fit is answered 400 `{ error }`.
 */
export function route<N extends EndpointName>(
  router: Router,
  name: N,
  ...handlers: [...RequestHandler[], EndpointHandler<N>]
): void {
  const method = ENDPOINTS[name].method.toLowerCase() as Lowercase<EndpointSpec["method"]>;
  const last = handlers.pop() as unknown as RequestHandler;
  router[method](pathsOf(name), ...(handlers as RequestHandler[]), parseRequest(ENDPOINT_SCHEMAS[name]), last);
}

/** Replaces a request's query and body by what the endpoint's schemas make of them, or throws a 400. */
function parseRequest(schemas: EndpointSchema): RequestHandler {
  return (req, _res, next) => {
    if (schemas.query) {
      const parsed = schemas.query.safeParse(req.query);
      // Query errors name the parameter and its value themselves.
      if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? "invalid query");
      // Express 5's `req.query` is a getter: the parsed query shadows it on this request.
      Object.defineProperty(req, "query", { value: parsed.data, enumerable: true, configurable: true, writable: true });
    }
    if (schemas.body) req.body = parseBody(schemas.body, req.body, schemas.example ?? "{}");
    next();
  };
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
