import type { Metadata } from "next";
import Link from "next/link";
import { UserAdmin } from "./user-admin";

export const metadata: Metadata = { title: "Users" };

export default function UsersPage() {
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">Users and tiers</h1>
        <Link href="/admin/operations" className="text-sm text-brand-700 underline dark:text-brand-100">Operations</Link>
      </div>
      <UserAdmin />
    </div>
  );
}
