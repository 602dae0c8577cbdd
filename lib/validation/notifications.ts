import { z } from "zod";

export const NOTIFICATION_KINDS = ["meeting_reminder", "topic_digest"] as const;

export const notificationSettingSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS, { error: "Choose a kind of mail." }),
  enabled: z.enum(["on", "off"], { error: "Choose on or off." }).transform((v) => v === "on"),
});
export type NotificationSettingInput = z.infer<typeof notificationSettingSchema>;
