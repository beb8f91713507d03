import { describeZodError } from "@pulse/shared";
import type { z } from "zod";

/**
 * A request the staff API refuses, with the HTTP status it answers. The app's error handler answers any error
 * with a 4xx `status` as `{ error: message }`, and its `issues` when it has some.
 */
export class StaffRequestError extends Error {
  override name = "StaffRequestError";
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    /** Each bad field and what was expected, answered beside `error` (the campaign API's 400). */
    readonly issues?: readonly { path: string; message: string }[],
  ) {
    super(message);
  }
}

/** A 400 that says what was wrong and what was expected. */
export function badRequest(message: string): StaffRequestError {
  return new StaffRequestError(400, message);
}

/** A 404 that names what was not found. */
export function notFound(message: string): StaffRequestError {
  return new StaffRequestError(404, message);
}

/** A 409: the request conflicts with what is stored. */
export function conflict(message: string): StaffRequestError {
  return new StaffRequestError(409, message);
}

/** Parses `body` with `schema`, or throws a 400 naming the first problem and what a body should look like. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, example: string): z.output<S> {
  // A schema that takes no body (an optional one) is asked, so that only a required body is asked for.
  if (body === undefined && !schema.safeParse(undefined).success) throw badRequest(`expected a JSON body (Content-Type: application/json) such as ${example}`);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const where = describeZodError(parsed.error).replace(/^item: /, "body: ");
    throw badRequest(`${where}; expected a body such as ${example}`);
  }
  return parsed.data;
}
