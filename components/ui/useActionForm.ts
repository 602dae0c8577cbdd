"use client";

import { useActionState, useTransition, type FormEvent } from "react";

/**
 * A server action bound to a form that keeps what the person typed when the server refuses it
 * (React resets forms after an `action` prop completes; submitting through a transition does not).
 */
export function useActionForm<S>(action: (prev: S | null, formData: FormData) => Promise<S | null>) {
  const [state, dispatch, actionPending] = useActionState<S | null, FormData>(action, null);
  const [transitionPending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  };
  return { state, onSubmit, pending: actionPending || transitionPending };
}
