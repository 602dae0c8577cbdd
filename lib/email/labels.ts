import type { MailKind } from "@/db/schema";

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  invitation: "Invitation",
  meeting_reminder: "Meeting reminder",
  topic_digest: "New topics",
  sharing_request: "Sharing request",
  sharing_decision: "Sharing decision",
  excerpt_shared: "Excerpt shared with you",
  covering_assigned: "Covering manager named",
  account_recovery: "Account recovery link",
  account_recovered: "Account recovered",
  identity_linked: "Single sign-on linked",
};
