import { z } from "zod";
import { isPlaceholderUrl } from "@/lib/templates/placeholder";
import { storedText } from "./common";

import { SUPPORT_TEXT_MAX, SUPPORT_URL_MAX } from "./organization-limits";

export { SUPPORT_TEXT_MAX, SUPPORT_URL_MAX };

/** Empty means "not set": the form sends "" for a cleared field. */
const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v);

/** What an admin sets once for the whole organization: where reports find professional support. */
export const supportResourcesSchema = z.object({
  supportUrl: z.preprocess(
    blankToNull,
    storedText("Enter an address.")
      .max(SUPPORT_URL_MAX, `Enter at most ${SUPPORT_URL_MAX} characters.`)
      .refine((v) => /^https?:\/\//i.test(v) && URL.canParse(v), { message: "Enter a web address starting with https://.", abort: true })
      .refine((v) => !isPlaceholderUrl(v), { message: "This is a placeholder address (example.com). Enter your organization's real support page." })
      .nullable(),
  ),
  supportText: z.preprocess(blankToNull, storedText("Enter a short text.").max(SUPPORT_TEXT_MAX, `Enter at most ${SUPPORT_TEXT_MAX} characters.`).nullable()),
});
export type SupportResourcesInput = z.infer<typeof supportResourcesSchema>;
