import { fieldErrorId, fieldInputId } from "./issueFields";

/** The messages of each field the API found wrong, by field path. */
export type FieldErrors = ReadonlyMap<string, readonly string[]>;

/** The error text of one field, named by its input's `aria-describedby`; nothing when the field is right. */
export function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const messages = errors.get(field);
  if (!messages?.length) return null;
  return (
    <p className="campaign-field-error" id={fieldErrorId(field)} data-testid="campaign-field-error" data-field={field}>
      {messages.join(" ")}
    </p>
  );
}

/**
 * The attributes of a field's input: its id (from its path, so an error summary can link to it), and, when it is
 * wrong, `aria-invalid` and its error text in `aria-describedby`, after any `hint` id.
 */
export function fieldProps(field: string, errors: FieldErrors, hint?: string): { id: string; "aria-invalid"?: true; "aria-describedby"?: string; "data-field": string } {
  const wrong = Boolean(errors.get(field)?.length);
  const described = [hint, wrong ? fieldErrorId(field) : undefined].filter(Boolean).join(" ");
  return {
    id: fieldInputId(field),
    "data-field": field,
    ...(wrong ? { "aria-invalid": true as const } : {}),
    ...(described ? { "aria-describedby": described } : {}),
  };
}
