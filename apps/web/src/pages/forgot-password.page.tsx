import { requestPasswordResetInput } from '@fixstream/schemas';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { errorMessage } from '../forms/error-message.ts';
import { Field } from '../forms/field.tsx';
import { type FieldErrors, fieldErrors } from '../forms/field-errors.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { PublicShell } from '../layout/public-shell.tsx';
import { useTRPC } from '../trpc/trpc.ts';

/** Asks for a reset link by mail; the API answers the same sentence whether or not the address has an account. */
export function ForgotPasswordPage() {
  const trpc = useTRPC();
  const [errors, setErrors] = useState<FieldErrors>({});
  const requestReset = useMutation(trpc.auth.requestPasswordReset.mutationOptions());
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = requestPasswordResetInput.safeParse({
      email: new FormData(event.currentTarget).get('email'),
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    requestReset.mutate(parsed.data);
  };
  return (
    <PublicShell title="Reset your password">
      <form onSubmit={submit} noValidate>
        <FormAlert
          error={requestReset.isError ? errorMessage(requestReset.error) : null}
          success={requestReset.data?.message ?? null}
        />
        <Field label="Email" error={errors.email} hint="We mail a link that lets you choose a new password.">
          {(control) => <input {...control} name="email" type="email" autoComplete="email" required />}
        </Field>
        <button type="submit" disabled={requestReset.isPending}>
          Send the link
        </button>
      </form>
      <p>
        <Link href="/sign-in">Back to sign-in</Link>
      </p>
    </PublicShell>
  );
}
