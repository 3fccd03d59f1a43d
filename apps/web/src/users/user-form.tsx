import type { RouterOutputs } from '@fixstream/client';
import { createUserInput, type UserRole, updateUserInput, userRoles } from '@fixstream/schemas';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useLocation } from 'wouter';
import { Field } from '../forms/field.tsx';
import { FormAlert } from '../forms/form-alert.tsx';
import { textOf } from '../forms/form-text.ts';
import { useFormErrors } from '../forms/use-form-errors.ts';
import { useTRPC } from '../trpc/trpc.ts';

type User = RouterOutputs['users']['byId'];

const fields = ['name', 'email', 'password', 'role'] as const;

/**
 * A new user (name, email, first password, role) or a change of name and role. The password is the user's own
 * afterwards: they change it, or reset it by mail; an admin never sees or sets it again.
 */
export function UserForm({ user }: { user?: User }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const form = useFormErrors(fields);
  const options = {
    onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() }),
    onError: form.fromApi,
  };
  const create = useMutation(trpc.users.create.mutationOptions(options));
  const update = useMutation(trpc.users.update.mutationOptions(options));

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const name = textOf(data, 'name');
    const role = textOf(data, 'role') as UserRole;
    if (user) {
      const changes = { id: user.id, name, role };
      if (form.accepts(updateUserInput, changes)) update.mutate(changes);
      return;
    }
    const candidate = { name, role, email: textOf(data, 'email'), password: textOf(data, 'password') };
    if (form.accepts(createUserInput, candidate))
      create.mutate(candidate, { onSuccess: () => navigate('/users') });
  };
  const { errors } = form;
  return (
    <form onSubmit={submit} noValidate>
      <FormAlert
        error={form.formError}
        success={update.isSuccess ? 'Saved. A new role takes effect when they sign in again.' : null}
      />
      <Field label="Name" error={errors.name}>
        {(control) => <input {...control} name="name" autoComplete="off" defaultValue={user?.name ?? ''} />}
      </Field>
      {user ? (
        <p className="muted">Email: {user.email}</p>
      ) : (
        <>
          <Field label="Email" error={errors.email}>
            {(control) => <input {...control} name="email" type="email" autoComplete="off" />}
          </Field>
          <Field
            label="First password"
            error={errors.password}
            hint="At least 10 characters; they can change it."
          >
            {(control) => <input {...control} name="password" type="password" autoComplete="new-password" />}
          </Field>
        </>
      )}
      <Field label="Role" error={errors.role}>
        {(control) => (
          <select {...control} name="role" defaultValue={user?.role ?? 'technician'}>
            {userRoles.map((role) => (
              <option key={role} value={role}>
                {role}
              </option>
            ))}
          </select>
        )}
      </Field>
      <button type="submit" disabled={create.isPending || update.isPending}>
        {user ? 'Save changes' : 'Create user'}
      </button>
    </form>
  );
}
