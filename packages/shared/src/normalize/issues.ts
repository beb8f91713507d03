import type { z } from "zod";

/** One zod issue as `path: message` (the whole input is `item`). */
function describeIssue(issue: z.ZodError["issues"][number]): string {
  return `${issue.path.length > 0 ? issue.path.join(".") : "item"}: ${issue.message}`;
}

/** One line naming the first problem in a zod error and what was expected, e.g. `author.handle: expected string, received undefined`. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? describeIssue(issue) : "invalid input";
}

/** Every problem in a zod error as `{ path, message }`, the path dot-separated (empty for the whole input). */
export function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}
