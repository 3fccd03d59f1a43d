import { createEquipmentInput, updateEquipmentInput } from '@fixstream/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { type Equipment, useDirectory } from '../directory/use-directory.ts';
import { Field } from '../forms/field.tsx';
import { FormAlert } from '../forms/form-alert.tsx';
import { textOf } from '../forms/form-text.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useTRPC } from '../trpc/trpc.ts';

const fields = [
  'name',
  'serialNumber',
  'location',
  'category',
  'team',
  'defaultTechnician',
  'preventiveIntervalDays',
] as const;

/** An empty box clears the interval; anything else is the number zod then checks (NaN included). */
function daysOf(form: FormData): number | null {
  const value = textOf(form, 'preventiveIntervalDays').trim();
  return value === '' ? null : Number(value);
}

/**
 * The equipment form for create and edit. The default technician is picked among the chosen team's members, as
 * the API requires; an edit sends every field, and the API keeps the preventive date unless the interval changed.
 */
export function EquipmentForm({ equipment }: { equipment?: Equipment }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const directory = useDirectory();
  const form = useFormErrors(fields);
  const [team, setTeam] = useState(equipment?.team ?? '');
  const [technician, setTechnician] = useState(equipment?.defaultTechnician ?? '');
  const options = {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.equipment.pathKey() }),
    onError: form.fromApi,
  };
  const create = useMutation(trpc.equipment.create.mutationOptions(options));
  const update = useMutation(trpc.equipment.update.mutationOptions(options));
  const members = directory.team(team)?.members ?? [];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const candidate = {
      name: textOf(data, 'name'),
      serialNumber: textOf(data, 'serialNumber'),
      location: textOf(data, 'location'),
      category: textOf(data, 'category'),
      team: team || null,
      defaultTechnician: technician || null,
      preventiveIntervalDays: daysOf(data),
    };
    if (equipment) {
      const changes = { id: equipment.id, ...candidate };
      if (form.accepts(updateEquipmentInput, changes)) update.mutate(changes);
    } else if (form.accepts(createEquipmentInput, candidate)) {
      create.mutate(candidate, { onSuccess: () => navigate('/equipment') });
    }
  };
  const { errors } = form;
  return (
    <form onSubmit={submit} noValidate>
      <FormAlert error={form.formError} success={update.isSuccess ? 'Saved.' : null} />
      <Field label="Name" error={errors.name}>
        {(control) => <input {...control} name="name" defaultValue={equipment?.name ?? ''} />}
      </Field>
      <Field label="Serial number" error={errors.serialNumber}>
        {(control) => <input {...control} name="serialNumber" defaultValue={equipment?.serialNumber ?? ''} />}
      </Field>
      <Field label="Location" error={errors.location}>
        {(control) => <input {...control} name="location" defaultValue={equipment?.location ?? ''} />}
      </Field>
      <Field label="Category" error={errors.category}>
        {(control) => <input {...control} name="category" defaultValue={equipment?.category ?? ''} />}
      </Field>
      <Field label="Team" error={errors.team}>
        {(control) => (
          <select
            {...control}
            value={team}
            onChange={(event) => {
              setTeam(event.target.value);
              if (!directory.team(event.target.value)?.members.includes(technician)) setTechnician('');
            }}
          >
            <option value="">No team</option>
            {directory.teams.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Default technician" error={errors.defaultTechnician} hint="A member of the team.">
        {(control) => (
          <select {...control} value={technician} onChange={(event) => setTechnician(event.target.value)}>
            <option value="">None</option>
            {members.map((id) => (
              <option key={id} value={id}>
                {directory.personName(id)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label="Preventive maintenance every (days)"
        error={errors.preventiveIntervalDays}
        hint="Empty: no preventive maintenance."
      >
        {(control) => (
          <input
            {...control}
            name="preventiveIntervalDays"
            type="number"
            min={1}
            max={3650}
            defaultValue={equipment?.preventiveIntervalDays ?? ''}
          />
        )}
      </Field>
      <button type="submit" disabled={create.isPending || update.isPending}>
        {equipment ? 'Save changes' : 'Create equipment'}
      </button>
    </form>
  );
}
