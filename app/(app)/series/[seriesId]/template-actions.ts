"use server";

import { formObject, runAction } from "@/lib/actions";
import { applyTemplateToMeeting, setSeriesAgendaTemplate } from "@/lib/server/series-templates";
import { applyTemplateSchema, seriesAgendaTemplateSchema } from "@/lib/validation/templates";
import { refreshed } from "./refreshed";

export async function setSeriesAgendaTemplateAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(seriesAgendaTemplateSchema, formObject(formData), setSeriesAgendaTemplate));
}

export async function applyTemplateAction(_prev: unknown, formData: FormData) {
  return refreshed(await runAction(applyTemplateSchema, formObject(formData), applyTemplateToMeeting));
}
