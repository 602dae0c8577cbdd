import { z } from "zod";
import { email, password, personName } from "./common";
import { passwordWeakness } from "./password-policy";

export { signInSchema } from "./sign-in";

export const acceptInvitationSchema = z
  .object({ token: z.string().min(10).max(200), name: personName, password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." })
  .superRefine((v, ctx) => {
    const weakness = passwordWeakness(v.password, [v.name]);
    if (weakness) ctx.addIssue({ code: "custom", path: ["password"], message: weakness });
  });

export const recoverAccountSchema = z
  .object({ token: z.string().min(10).max(200), password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." })
  .superRefine((v, ctx) => {
    const weakness = passwordWeakness(v.password, []);
    if (weakness) ctx.addIssue({ code: "custom", path: ["password"], message: weakness });
  });

export const requestRecoverySchema = z.object({ email });
