import { assignInput } from '@fixstream/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { Directory } from '../directory/use-directory.ts';
import { errorMessage } from '../forms/error-message.ts';
import { Field } from '../forms/field.tsx';
import { type FieldErrors, fieldErrors } from '../forms/field-errors.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { useTRPC } from '../trpc/trpc.ts';
import type { MaintenanceRequest } from './request-meta.ts';
import { technicianLabel, techniciansFor } from './request-pickers.ts';

/** Reassigns the request to another member of its team (managers and admins). */
export function RequestAssignForm({
  request,
  directory,
}: {
  request: MaintenanceRequest;
  directory: Directory;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [technicianId, setTechnicianId] = useState(request.assignedTechnician ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const assign = useMutation(
    trpc.requests.assign.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.requests.pathKey() }),
    }),
  );
  const equipment = directory.equipmentById(request.equipment);
  const members = techniciansFor(directory.team(request.maintenanceTeam));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = assignInput.safeParse({ id: request.id, technicianId });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    assign.mutate(parsed.data);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="assign-heading">
      <h2 id="assign-heading">Assign</h2>
      <FormAlert
        error={assign.isError ? errorMessage(assign.error) : null}
        success={assign.isSuccess ? 'Assigned.' : null}
      />
      <Field label="Technician" error={errors.technicianId}>
        {(control) => (
          <select {...control} value={technicianId} onChange={(event) => setTechnicianId(event.target.value)}>
            <option value="">Choose a technician…</option>
            {members.map((id, position) => (
              <option key={id} value={id}>
                {technicianLabel(directory, id, position, equipment)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={assign.isPending || technicianId === request.assignedTechnician}>
        Assign
      </button>
    </form>
  );
}
