import { changePasswordInput } from '@fixstream/schemas';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { apiFieldErrors } from '../forms/api-field-errors.ts';
import { errorMessage } from '../forms/error-message.ts';
import { Field } from '../forms/field.tsx';
import { type FieldErrors, fieldErrors } from '../forms/field-errors.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { sessionStore } from '../session/session-store.ts';
import { useTRPC } from '../trpc/trpc.ts';

/** Changes the password; the API answers with a new session for this tab and ends every other one. */
export function ChangePasswordPage() {
  const trpc = useTRPC();
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: (session) => sessionStore.set(session),
      onError: (error) => setErrors(apiFieldErrors(error.message, ['currentPassword', 'newPassword']) ?? {}),
    }),
  );
  const fieldsExplain = change.isError && Object.keys(errors).length > 0;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const parsed = changePasswordInput.safeParse({
      currentPassword: form.get('currentPassword'),
      newPassword: form.get('newPassword'),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    change.mutate(parsed.data, { onSuccess: () => formElement.reset() });
  };
  return (
    <section className="narrow">
      <h1>Change password</h1>
      <form onSubmit={submit} noValidate>
        <FormAlert
          error={change.isError && !fieldsExplain ? errorMessage(change.error) : null}
          success={change.isSuccess ? 'Password changed. Your other sessions have been signed out.' : null}
        />
        <Field label="Current password" error={errors.currentPassword}>
          {(control) => (
            <input {...control} name="currentPassword" type="password" autoComplete="current-password" />
          )}
        </Field>
        <Field label="New password" error={errors.newPassword} hint="At least 10 characters.">
          {(control) => <input {...control} name="newPassword" type="password" autoComplete="new-password" />}
        </Field>
        <button type="submit" disabled={change.isPending}>
          Change password
        </button>
      </form>
    </section>
  );
}
