import { ApiError } from "./client";

export interface FormFieldError<F extends string> {
  name: F;
  errors: string[];
}

/** Turn a 400's `errors` list into field messages for a form that has those fields. */
export function fieldErrors<F extends string>(error: unknown, fields: readonly F[]): FormFieldError<F>[] {
  if (!(error instanceof ApiError)) {
    return [];
  }
  const byField = new Map<F, string[]>();
  for (const e of error.errors) {
    const field = fields.find((f) => f === e.field);
    if (field !== undefined) {
      byField.set(field, [...(byField.get(field) ?? []), e.message]);
    }
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}
