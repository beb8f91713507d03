import type { z } from "zod";

/** One line naming the first problem in a zod error and what was expected, e.g. `author.handle: expected string, received undefined`. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid input";
  const path = issue.path.length > 0 ? issue.path.join(".") : "item";
  return `${path}: ${issue.message}`;
}

/** Every problem in a zod error, each as `path: message` (the whole input is `item`). */
export function describeZodIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "item"}: ${issue.message}`);
}
