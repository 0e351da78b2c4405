import type { Metadata } from "next";
import Link from "next/link";
import { getServerApi } from "@/server/api/server-caller";
import { AccountForms } from "./account-forms";
import { NotificationSettings } from "./notifications/notification-settings";
import { ProfileForm } from "./profile-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const profile = await (await getServerApi()).profile.get();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <p className="text-sm text-slate-600 dark:text-slate-300">Using your own scripts or apps? <Link className="font-medium text-brand-600 hover:underline" href="/settings/api-tokens">Manage API tokens</Link> for the REST API.</p>
      <ProfileForm profile={{ name: profile.name, timeZone: profile.timeZone, homeCity: profile.homeCity, homeCountry: profile.homeCountry }} />
      <NotificationSettings email={profile.email} />
      <AccountForms email={profile.email} tier={profile.tier} limits={profile.limits} />
    </div>
  );
}
