import { type WebhookEventName, webhookEventNames } from '@fixstream/schemas';
import { Field } from '../forms/field.tsx';
import type { FieldErrors } from '../forms/field-errors.ts';
import { eventLabels } from './webhook-meta.ts';

/** What the create and edit forms share: the URL, a description, and the events to subscribe to. */
export function WebhookFields(props: {
  errors: FieldErrors;
  url?: string;
  description?: string;
  events: WebhookEventName[];
  onEventsChange: (events: WebhookEventName[]) => void;
}) {
  const toggle = (name: WebhookEventName, on: boolean) =>
    props.onEventsChange(on ? [...props.events, name] : props.events.filter((event) => event !== name));
  return (
    <>
      <Field label="URL" error={props.errors.url} hint="Where to POST the events (https://…).">
        {(control) => <input {...control} name="url" type="url" defaultValue={props.url ?? ''} />}
      </Field>
      <Field label="Description" error={props.errors.description}>
        {(control) => <input {...control} name="description" defaultValue={props.description ?? ''} />}
      </Field>
      <fieldset className="choices" aria-describedby={props.errors.events ? 'events-error' : undefined}>
        <legend>Events</legend>
        {webhookEventNames.map((name) => (
          <label key={name} className="checkbox">
            <input
              type="checkbox"
              checked={props.events.includes(name)}
              onChange={(event) => toggle(name, event.target.checked)}
            />
            {eventLabels[name]} <code className="muted">{name}</code>
          </label>
        ))}
        {props.errors.events ? (
          <p id="events-error" className="field-error">
            {props.errors.events}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}
