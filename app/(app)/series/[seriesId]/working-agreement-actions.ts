"use server";

import { formObject, runAction } from "@/lib/actions";
import { saveWorkingAgreement } from "@/lib/server/working-agreement";
import { workingAgreementSchema } from "@/lib/validation/working-agreement";
import { refreshed } from "./refreshed";

export async function saveWorkingAgreementAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(workingAgreementSchema, formObject(formData), saveWorkingAgreement));
}
