import { createTeamInput, updateTeamInput } from '@fixstream/schemas';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import type { Team } from '../directory/use-directory.ts';
import { Field } from '../forms/field.tsx';
import { FormAlert } from '../forms/form-alert.tsx';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useTRPC } from '../trpc/trpc.ts';

const fields = ['name', 'members'] as const;

/** A team's name and members, chosen among the company's active users (one page of 100). */
export function TeamForm({ team }: { team?: Team }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const form = useFormErrors(fields);
  const [members, setMembers] = useState<string[]>(team?.members ?? []);
  const people = useQuery(trpc.users.list.queryOptions({ limit: 100, active: true }, { staleTime: 60_000 }));
  const options = {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() }),
    onError: form.fromApi,
  };
  const create = useMutation(trpc.teams.create.mutationOptions(options));
  const update = useMutation(trpc.teams.update.mutationOptions(options));
  const toggle = (id: string, on: boolean) =>
    setMembers((current) => (on ? [...current, id] : current.filter((member) => member !== id)));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = new FormData(event.currentTarget).get('name');
    const candidate = { name: typeof name === 'string' ? name : '', members };
    if (team) {
      const changes = { id: team.id, ...candidate };
      if (form.accepts(updateTeamInput, changes)) update.mutate(changes);
    } else if (form.accepts(createTeamInput, candidate)) {
      create.mutate(candidate, { onSuccess: () => navigate('/teams') });
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <FormAlert error={form.formError} success={update.isSuccess ? 'Saved.' : null} />
      <Field label="Name" error={form.errors.name}>
        {(control) => <input {...control} name="name" defaultValue={team?.name ?? ''} />}
      </Field>
      <fieldset className="choices" aria-describedby={form.errors.members ? 'members-error' : undefined}>
        <legend>Members</legend>
        {people.isError ? <p className="field-error">{people.error.message}</p> : null}
        {(people.data?.items ?? []).map((person) => (
          <label key={person.id} className="checkbox">
            <input
              type="checkbox"
              checked={members.includes(person.id)}
              onChange={(event) => toggle(person.id, event.target.checked)}
            />
            {person.name} <span className="muted">({person.role})</span>
          </label>
        ))}
        {form.errors.members ? (
          <p id="members-error" className="field-error">
            {form.errors.members}
          </p>
        ) : null}
      </fieldset>
      <button type="submit" disabled={create.isPending || update.isPending}>
        {team ? 'Save changes' : 'Create team'}
      </button>
    </form>
  );
}
