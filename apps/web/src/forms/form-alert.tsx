/** A form-level message: errors are announced at once (`role="alert"`), confirmations politely. */
export function FormAlert({ error, success }: { error?: string | null; success?: string | null }) {
  if (error)
    return (
      <p role="alert" className="alert alert-error">
        {error}
      </p>
    );
  if (success)
    return (
      <p role="status" className="alert alert-success">
        {success}
      </p>
    );
  return null;
}
