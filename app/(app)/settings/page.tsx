import type { Metadata } from "next";
import { cookies } from "next/headers";
import { requireUser } from "@/lib/auth";
import { getNotificationSettings } from "@/lib/server/notifications";
import { Card, PageHeader } from "@/components/ui/Card";
import { NotificationSwitch } from "@/components/settings/NotificationSwitch";
import { SignOutEverywhere } from "@/components/settings/SignOutEverywhere";
import { ThemeSwitch } from "@/components/settings/ThemeSwitch";
import { THEME_COOKIE, themeOf } from "@/lib/theme";
import { TimeZoneForm } from "@/components/settings/TimeZoneForm";
import { viewerTimeZone } from "@/lib/server/profile";
import { timeZoneOptions } from "@/lib/time-zones";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const actor = await requireUser();
  const [settings, jar, zone] = await Promise.all([getNotificationSettings(actor), cookies(), viewerTimeZone(actor)]);
  return (
    <>
      <PageHeader title="Settings" subtitle={`Mail goes to ${actor.email}.`} />
      <Card title="Time zone">
        <TimeZoneForm zones={timeZoneOptions(zone)} value={zone} />
      </Card>
      <div className="h-6" />
      <Card title="Mail">
        <ul className="divide-y divide-stone-100">
          <NotificationSwitch
            kind="meeting_reminder"
            enabled={settings.meeting_reminder}
            label="Meeting reminders"
            description="A mail 24 hours before each one-on-one."
          />
          <NotificationSwitch
            kind="topic_digest"
            enabled={settings.topic_digest}
            label="New topics"
            description="At most one mail an hour when the other person adds topics to your next meeting."
          />
        </ul>
      </Card>
      <div className="mt-6">
        <Card title="Appearance">
          <ThemeSwitch current={themeOf(jar.get(THEME_COOKIE)?.value)} />
        </Card>
      </div>
      <SignOutEverywhere />
    </>
  );
}
