import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { getServerApi } from "@/server/api/server-caller";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const info = await (await getServerApi()).meta.info();
  // Fans are not told admin pages exist.
  if (info.viewer?.role !== "admin") notFound();
  return children;
}
