/** What a kept copy of an event shows in place of a secret's value. */
export const redactionMarker = '[redacted: secret]';

/**
 * Keys whose values are secrets. No event of the catalog carries one: events carry ids, a reset link's token is
 * minted by the function that mails it and stored only as a hash, and a webhook endpoint's signing secret stays on
 * the endpoint. A kept copy must not start holding one the day an event (or a webhook's source data) names one.
 */
const secretKey =
  /secret|passw(?:or)?d|token|api[-_]?key|authori[sz]ation|credential|signature|private[-_]?key|cookie/i;

/**
 * A copy of `value` in which the value of every key that names a secret, at any depth, is {@link redactionMarker}:
 * for copies of events kept longer than the event is owed (a run's result), and for showing events to operators.
 * The value itself is left as it is.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      secretKey.test(key) ? redactionMarker : redactSecrets(inner),
    ]),
  );
}
