import { z } from "zod";
import { THEMES } from "@/lib/theme";

export const themeSchema = z.object({ theme: z.enum(THEMES, { error: "Choose System, Light or Dark." }) });
