import { z } from "zod";
import { email } from "./common";

// Apart from lib/validation/auth.ts so that the session code does not load the password dictionaries.
export const signInSchema = z.object({
  email,
  password: z.string().min(1, "Enter your password.").max(200),
});
