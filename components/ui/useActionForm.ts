"use client";

import { useActionState, useTransition, type FormEvent } from "react";

/**
 * A server action bound to a form. Spread `formProps` on the <form>: it carries the action
 * itself, so React renders the form with method="post" and the action's id, and a submit before
 * hydration or without JavaScript is a POST whose result the server renders (never a GET that
 * would put what was typed in the URL). After hydration `onSubmit` dispatches through a
 * transition instead, which keeps what the person typed when the server refuses it (React
 * resets a form after its `action` runs; React skips the action when the submit was prevented).
 */
export function useActionForm<S>(action: (prev: S | null, formData: FormData) => Promise<S | null>) {
  const [state, dispatch, actionPending] = useActionState<S | null, FormData>(action, null);
  const [transitionPending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const formData = new FormData(event.currentTarget, submitter instanceof HTMLButtonElement || submitter instanceof HTMLInputElement ? submitter : null);
    startTransition(() => dispatch(formData));
  };
  return { state, formProps: { action: dispatch, onSubmit }, pending: actionPending || transitionPending };
}
