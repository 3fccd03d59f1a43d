import { updateRequestInput } from '@fixstream/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { mayEditField } from '../abilities/role-abilities.ts';
import { errorMessage } from '../forms/error-message.ts';
import { Field } from '../forms/field.tsx';
import { type FieldErrors, fieldErrors } from '../forms/field-errors.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { useSignedInSession } from '../session/use-session.ts';
import { useTRPC } from '../trpc/trpc.ts';
import { type MaintenanceRequest, priorityLabels } from './request-meta.ts';

/** An ISO instant as a `datetime-local` value in the browser's zone. */
function localInputValue(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Edits what the role may change (a technician: the plan only), sending only the fields that changed. */
export function RequestEditForm({ request }: { request: MaintenanceRequest }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user } = useSignedInSession();
  const [errors, setErrors] = useState<FieldErrors>({});
  const update = useMutation(
    trpc.requests.update.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() }),
    }),
  );
  const may = (field: string) => mayEditField(user.role, field);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const scheduled = form.get('scheduledDate');
    const duration = form.get('duration');
    const scheduledDate =
      typeof scheduled === 'string' && scheduled ? new Date(scheduled).toISOString() : null;
    const candidate = {
      description: may('description') ? String(form.get('description') ?? '') : undefined,
      priority: Number(form.get('priority')),
      scheduledDate,
      duration: duration ? Number(duration) : null,
    };
    const changes = {
      id: request.id,
      ...(candidate.description !== undefined && candidate.description !== (request.description ?? '')
        ? { description: candidate.description }
        : {}),
      ...(candidate.priority !== request.priority ? { priority: candidate.priority } : {}),
      ...(candidate.scheduledDate !== request.scheduledDate &&
      localInputValue(candidate.scheduledDate) !== localInputValue(request.scheduledDate)
        ? { scheduledDate: candidate.scheduledDate }
        : {}),
      ...(candidate.duration !== request.duration ? { duration: candidate.duration } : {}),
    };
    const parsed = updateRequestInput.safeParse(changes);
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    update.mutate(changes);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit</h2>
      <FormAlert
        error={update.isError ? errorMessage(update.error) : (errors.form ?? null)}
        success={update.isSuccess ? 'Saved.' : null}
      />
      {may('description') ? (
        <Field label="Description" error={errors.description}>
          {(control) => (
            <textarea
              {...control}
              name="description"
              rows={4}
              maxLength={5000}
              defaultValue={request.description ?? ''}
            />
          )}
        </Field>
      ) : null}
      <Field label="Priority" error={errors.priority}>
        {(control) => (
          <select {...control} name="priority" defaultValue={String(request.priority)}>
            {priorityLabels.map((label, value) => (
              <option key={label} value={value}>
                {label}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Scheduled for" error={errors.scheduledDate}>
        {(control) => (
          <input
            {...control}
            name="scheduledDate"
            type="datetime-local"
            defaultValue={localInputValue(request.scheduledDate)}
          />
        )}
      </Field>
      <Field label="Duration (hours)" error={errors.duration}>
        {(control) => (
          <input
            {...control}
            name="duration"
            type="number"
            min={0}
            step={0.25}
            defaultValue={request.duration ?? ''}
          />
        )}
      </Field>
      <button type="submit" disabled={update.isPending}>
        Save changes
      </button>
    </form>
  );
}
