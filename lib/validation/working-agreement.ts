import { z } from "zod";
import { AGREEMENT_TEXT_MAX } from "@/lib/topics/constants";
import { storedText, uuid } from "./common";
import { seriesSettingsSchema } from "./series";

const agreementText = (what: string) =>
  storedText(`Write ${what}, or leave it empty.`).trim().max(AGREEMENT_TEXT_MAX, `At most ${AGREEMENT_TEXT_MAX} characters.`).default("");
export const workingAgreementSchema = z.object({
  seriesId: uuid,
  goalsAndExpectations: agreementText("the goals and expectations"),
  feedbackPreferences: agreementText("the feedback preferences"),
  challenges: agreementText("the challenges"),
  format: seriesSettingsSchema.shape.format,
});

export type WorkingAgreementInput = z.infer<typeof workingAgreementSchema>;
