import { useState } from 'react';

/**
 * A signing secret, which the API returns on create and rotate only: shown here once, with a copy button, and
 * gone when the page is left. Where the clipboard is refused the text stays selectable.
 */
export function SecretReveal({ secret }: { secret: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(secret).then(
      () => setCopied('Copied.'),
      () => setCopied('Copying was refused: select the secret and copy it.'),
    );
  return (
    <section className="secret" aria-labelledby="secret-heading">
      <h2 id="secret-heading">Signing secret</h2>
      <p>Copy it now: it is shown this once. Receivers verify each delivery's signature with it.</p>
      <p>
        <code data-secret>{secret}</code>
      </p>
      <button type="button" onClick={copy}>
        Copy the secret
      </button>{' '}
      <span role="status">{copied}</span>
    </section>
  );
}
