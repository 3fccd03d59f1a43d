import { resetPasswordInput } from '@fixstream/schemas';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useSearch } from 'wouter';
import { errorMessage } from '../forms/error-message.ts';
import { Field } from '../forms/field.tsx';
import { type FieldErrors, fieldErrors } from '../forms/field-errors.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { PublicShell } from '../layout/public-shell.tsx';
import { useTRPC } from '../trpc/trpc.ts';

/** The page the reset mail links to (`APP_URL/reset?token=…`): choose a new password, then sign in. */
export function ResetPasswordPage() {
  const trpc = useTRPC();
  const token = new URLSearchParams(useSearch()).get('token') ?? '';
  const [errors, setErrors] = useState<FieldErrors>({});
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (form.get('password') !== form.get('confirm')) {
      setErrors({ confirm: 'must be the same as the new password' });
      return;
    }
    const parsed = resetPasswordInput.safeParse({ token, password: form.get('password') });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    reset.mutate(parsed.data);
  };
  if (reset.isSuccess)
    return (
      <PublicShell title="Password changed">
        <FormAlert success={reset.data.message} />
        <p>
          <Link href="/sign-in">Sign in with your new password</Link>
        </p>
      </PublicShell>
    );
  return (
    <PublicShell title="Choose a new password">
      <form onSubmit={submit} noValidate>
        <FormAlert error={reset.isError ? errorMessage(reset.error) : (errors.token ?? null)} />
        <Field label="New password" error={errors.password} hint="At least 10 characters.">
          {(control) => (
            <input {...control} name="password" type="password" autoComplete="new-password" required />
          )}
        </Field>
        <Field label="New password again" error={errors.confirm}>
          {(control) => (
            <input {...control} name="confirm" type="password" autoComplete="new-password" required />
          )}
        </Field>
        <button type="submit" disabled={reset.isPending}>
          Set the password
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Ask for a new link</Link>
      </p>
    </PublicShell>
  );
}
