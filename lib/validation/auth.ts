import { z } from "zod";
import { email, password, personName } from "./common";

export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(200),
});

export const acceptInvitationSchema = z
  .object({ token: z.string().min(10).max(200), name: personName, password, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The passwords do not match." });
