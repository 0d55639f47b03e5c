import { ApiError } from "../../api/client";

/** A server's problems grouped by the form field they name (``formFieldOf`` maps an API field
 * to a form field, or to nothing), ready for ``form.setFields``; the rest are kept as text. */
export function groupFieldErrors<F extends string | number | symbol>(
  error: unknown,
  formFieldOf: (apiField: string) => F | null,
): { fields: { name: F; errors: string[] }[]; other: string[] } {
  if (!(error instanceof ApiError)) {
    return { fields: [], other: [] };
  }
  const byField = new Map<F, string[]>();
  const other: string[] = [];
  for (const e of error.errors) {
    const name = e.field ? formFieldOf(e.field) : null;
    if (name) {
      byField.set(name, [...(byField.get(name) ?? []), e.message]);
    } else {
      other.push(e.field ? `${e.field}: ${e.message}` : e.message);
    }
  }
  return { fields: [...byField].map(([name, errors]) => ({ name, errors })), other };
}
