"use client";

import { Activity, Bell, CalendarDays, Eye, Gauge, Home, LogOut, Menu, Settings, X, type LucideIcon } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { authClient } from "@/app/_lib/auth-client";
import { useTRPC } from "@/app/_lib/trpc";
import { cn } from "@/app/_components/ui";

const links: { href: string; label: string; icon: LucideIcon }[] = [
  { href: "/", label: "Dashboard", icon: Home },
  { href: "/watches", label: "Watches", icon: Eye },
  { href: "/alerts", label: "Alerts", icon: Bell },
  { href: "/events", label: "Events", icon: CalendarDays },
  { href: "/settings", label: "Settings", icon: Settings },
];

export function AppHeader({ viewer, dataSource, devMailbox }: { viewer: { name: string; email: string; role: string }; dataSource: "sandbox" | "ticketmaster"; devMailbox: "off" | "own" | "open" }) {
  const pathname = usePathname();
  const router = useRouter();
  const [isOpen, setIsOpen] = useState(false);
  const trpc = useTRPC();
  const unread = useQuery({ ...trpc.alerts.unreadCount.queryOptions(), refetchInterval: 10_000 }).data?.unread ?? 0;
  const badge = (href: string) =>
    href === "/alerts" && unread > 0 ? (
      <span className="ml-1 rounded-full bg-brand-600 px-1.5 text-xs text-white" aria-label={`${unread} unread`}>
        {unread > 99 ? "99+" : unread}
      </span>
    ) : null;

  async function signOut() {
    await authClient.signOut();
    router.replace("/sign-in");
    router.refresh();
  }

  const visibleLinks = viewer.role === "admin" ? [...links, { href: "/admin/quota", label: "Quota", icon: Gauge }, { href: "/admin/operations", label: "Operations", icon: Activity }] : links;
  const isActive = (href: string) => (href === "/" ? pathname === "/" : pathname.startsWith(href));

  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      {dataSource === "sandbox" ? (
        <div className="bg-amber-100 px-4 py-1 text-center text-xs text-amber-900 dark:bg-amber-900/40 dark:text-amber-100">
          Sandbox data: a made-up world of events on a fast clock, not real tickets.{" "}
          {devMailbox !== "off" ? (
            <Link href="/dev/mailbox" className="underline">
              Development mailbox
            </Link>
          ) : null}
        </div>
      ) : null}
      <div className="mx-auto flex max-w-5xl items-center justify-between gap-4 px-4 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold text-brand-700 dark:text-brand-100">
          <span aria-hidden className="grid size-7 place-items-center rounded-lg bg-brand-600 text-sm text-white">
            S
          </span>
          Seatwatch
        </Link>
        <nav aria-label="Main" className="hidden items-center gap-1 sm:flex">
          {visibleLinks.map((link) => (
            <Link
              key={link.href}
              href={link.href}
              aria-current={isActive(link.href) ? "page" : undefined}
              className={cn("rounded-lg px-3 py-2 text-sm", isActive(link.href) ? "bg-brand-50 font-medium text-brand-700 dark:bg-slate-800 dark:text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800")}
            >
              {link.label}
              {badge(link.href)}
            </Link>
          ))}
        </nav>
        <div className="hidden items-center gap-2 sm:flex">
          <span className="max-w-40 truncate text-sm text-slate-500" title={viewer.email}>
            {viewer.name}
          </span>
          <button onClick={signOut} className="inline-flex items-center gap-1 rounded-lg px-2 py-2 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
            <LogOut className="size-4" aria-hidden /> Sign out
          </button>
        </div>
        <button className="rounded-lg p-2 sm:hidden" aria-label={isOpen ? "Close menu" : "Open menu"} aria-expanded={isOpen} onClick={() => setIsOpen(!isOpen)}>
          {isOpen ? <X className="size-5" aria-hidden /> : <Menu className="size-5" aria-hidden />}
        </button>
      </div>
      {isOpen ? (
        <nav aria-label="Main" className="border-t border-slate-200 px-4 py-2 sm:hidden dark:border-slate-800">
          {visibleLinks.map((link) => (
            <Link key={link.href} href={link.href} onClick={() => setIsOpen(false)} aria-current={isActive(link.href) ? "page" : undefined} className="flex items-center gap-2 rounded-lg px-2 py-3 text-sm aria-[current=page]:font-semibold">
              <link.icon className="size-4" aria-hidden />
              {link.label}
              {badge(link.href)}
            </Link>
          ))}
          <button onClick={signOut} className="flex w-full items-center gap-2 rounded-lg px-2 py-3 text-sm">
            <LogOut className="size-4" aria-hidden /> Sign out ({viewer.email})
          </button>
        </nav>
      ) : null}
    </header>
  );
}
