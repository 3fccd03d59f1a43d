/** A text field's value from `FormData`: '' for a missing field or a file, so schemas see strings only. */
export function textOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
