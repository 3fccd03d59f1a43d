import { createRequestInput, requestTypes } from '@fixstream/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useLocation } from 'wouter';
import { useDirectory } from '../directory/use-directory.ts';
import { apiFieldErrors } from '../forms/api-field-errors.ts';
import { errorMessage } from '../forms/error-message.ts';
import { Field } from '../forms/field.tsx';
import { type FieldErrors, fieldErrors } from '../forms/field-errors.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { priorityLabels, typeLabels } from '../requests/request-meta.ts';
import { defaultTechnician, teamsFor, technicianLabel, techniciansFor } from '../requests/request-pickers.ts';
import { useTRPC } from '../trpc/trpc.ts';

/** A `datetime-local` value as the ISO instant the API takes, or null when left empty. */
function isoOrNull(value: FormDataEntryValue | null): string | null {
  return typeof value === 'string' && value ? new Date(value).toISOString() : null;
}

/** Creates a request; equipment, team and technician pickers offer only combinations the API accepts. */
export function NewRequestPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const directory = useDirectory();
  const [equipmentId, setEquipmentId] = useState('');
  const [teamId, setTeamId] = useState('');
  const [technicianId, setTechnicianId] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const equipment = directory.equipmentById(equipmentId);
  const teams = teamsFor(directory, equipment);
  const team = teams.find((candidate) => candidate.id === teamId);
  const technicians = techniciansFor(team);
  const create = useMutation(
    trpc.requests.create.mutationOptions({
      async onSuccess(request) {
        await queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() });
        navigate(`/requests/${request.id}`);
      },
      onError: (error) => setErrors(apiFieldErrors(error.message, createRequestInput.keyof().options) ?? {}),
    }),
  );
  const fieldsExplain = create.isError && Object.keys(errors).length > 0;
  const chooseEquipment = (id: string) => {
    const chosen = directory.equipmentById(id);
    const [firstTeam] = teamsFor(directory, chosen);
    setEquipmentId(id);
    setTeamId(firstTeam?.id ?? '');
    setTechnicianId(defaultTechnician(chosen, firstTeam));
  };
  const chooseTeam = (id: string) => {
    setTeamId(id);
    setTechnicianId(defaultTechnician(equipment, directory.team(id)));
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const duration = form.get('duration');
    const parsed = createRequestInput.safeParse({
      subject: form.get('subject'),
      type: form.get('type'),
      equipment: equipmentId,
      maintenanceTeam: teamId,
      assignedTechnician: technicianId,
      description: form.get('description'),
      priority: Number(form.get('priority')),
      scheduledDate: isoOrNull(form.get('scheduledDate')),
      duration: duration ? Number(duration) : null,
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    // The wire takes the input before zod's transforms (dates as ISO strings), so send what was checked as typed.
    create.mutate({
      ...parsed.data,
      scheduledDate: isoOrNull(form.get('scheduledDate')),
    });
  };
  return (
    <section className="narrow">
      <h1>New request</h1>
      <form onSubmit={submit} noValidate>
        <FormAlert error={create.isError && !fieldsExplain ? errorMessage(create.error) : null} />
        <Field label="Subject" error={errors.subject}>
          {(control) => <input {...control} name="subject" maxLength={200} />}
        </Field>
        <Field label="Type" error={errors.type}>
          {(control) => (
            <select {...control} name="type" defaultValue="corrective">
              {requestTypes.map((type) => (
                <option key={type} value={type}>
                  {typeLabels[type]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Equipment" error={errors.equipment}>
          {(control) => (
            <select
              {...control}
              value={equipmentId}
              onChange={(event) => chooseEquipment(event.target.value)}
            >
              <option value="">Choose equipment…</option>
              {directory.equipment.map((item) => (
                <option key={item.id} value={item.id}>
                  {item.name} ({item.serialNumber})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Maintenance team" error={errors.maintenanceTeam}>
          {(control) => (
            <select
              {...control}
              value={teamId}
              disabled={!equipment}
              onChange={(event) => chooseTeam(event.target.value)}
            >
              <option value="">{equipment ? 'Choose a team…' : 'Choose equipment first'}</option>
              {teams.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Technician" error={errors.assignedTechnician}>
          {(control) => (
            <select
              {...control}
              value={technicianId}
              disabled={!team}
              onChange={(event) => setTechnicianId(event.target.value)}
            >
              <option value="">{team ? 'Choose a technician…' : 'Choose a team first'}</option>
              {technicians.map((id, position) => (
                <option key={id} value={id}>
                  {technicianLabel(directory, id, position, equipment)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Priority" error={errors.priority}>
          {(control) => (
            <select {...control} name="priority" defaultValue="1">
              {priorityLabels.map((label, value) => (
                <option key={label} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Description" error={errors.description}>
          {(control) => <textarea {...control} name="description" rows={4} maxLength={5000} />}
        </Field>
        <Field label="Scheduled for" error={errors.scheduledDate}>
          {(control) => <input {...control} name="scheduledDate" type="datetime-local" />}
        </Field>
        <Field label="Duration (hours)" error={errors.duration}>
          {(control) => <input {...control} name="duration" type="number" min={0} step={0.25} />}
        </Field>
        <button type="submit" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create request'}
        </button>
      </form>
    </section>
  );
}
