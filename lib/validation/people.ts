import { z } from "zod";
import { email, dateOnly, personName, uuid } from "./common";

export const inviteSchema = z.object({
  email,
  name: personName,
  orgRole: z.enum(["admin", "member"], { error: "Choose admin or member." }).default("member"),
});

export const createLineSchema = z
  .object({ managerId: uuid, reportId: uuid, activeFrom: dateOnly })
  .refine((v) => v.managerId !== v.reportId, { path: ["reportId"], message: "A person cannot report to themselves." });

export const endLineSchema = z.object({ lineId: uuid, activeTo: dateOnly });

export const setOrgRoleSchema = z.object({
  userId: uuid,
  orgRole: z.enum(["admin", "member"], { error: "Choose admin or member." }),
});

export const setActiveSchema = z.object({
  userId: uuid,
  active: z.enum(["true", "false"], { error: "Choose to deactivate or reactivate." }).transform((v) => v === "true"),
});
