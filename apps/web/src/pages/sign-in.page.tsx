import { loginInput } from '@fixstream/schemas';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { errorMessage } from '../forms/error-message.ts';
import { Field } from '../forms/field.tsx';
import { type FieldErrors, fieldErrors } from '../forms/field-errors.ts';
import { FormAlert } from '../forms/form-alert.tsx';
import { PublicShell } from '../layout/public-shell.tsx';
import { sessionStore } from '../session/session-store.ts';
import { useTRPC } from '../trpc/trpc.ts';

/** Sign-in by email and password; shows why the previous session ended, if it ended on its own. */
export function SignInPage() {
  const trpc = useTRPC();
  const [, navigate] = useLocation();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice] = useState(sessionStore.notice);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess(session) {
        sessionStore.set(session);
        navigate('/');
      },
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const parsed = loginInput.safeParse({ email: form.get('email'), password: form.get('password') });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    login.mutate(parsed.data);
  };
  return (
    <PublicShell title="Sign in">
      {notice && !login.isError ? (
        <p role="status" className="alert alert-info">
          {notice}
        </p>
      ) : null}
      <form onSubmit={submit} noValidate>
        <FormAlert error={login.isError ? errorMessage(login.error) : null} />
        <Field label="Email" error={errors.email}>
          {(control) => <input {...control} name="email" type="email" autoComplete="username" required />}
        </Field>
        <Field label="Password" error={errors.password}>
          {(control) => (
            <input {...control} name="password" type="password" autoComplete="current-password" required />
          )}
        </Field>
        <button type="submit" disabled={login.isPending}>
          {login.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p>
        <Link href="/forgot-password">Forgot your password?</Link>
      </p>
    </PublicShell>
  );
}
