import type { ActionResult } from "@/lib/actions";

export type FormAction = (prev: unknown, formData: FormData) => Promise<ActionResult<unknown>>;
export type { FieldErrors as Errors } from "@/components/ui/Field";
export { fieldAria as aria } from "@/components/ui/Field";
