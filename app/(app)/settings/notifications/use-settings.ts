"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useTRPC } from "@/app/_lib/trpc";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>["notifications"];
export type SettingsView = Outputs["settings"];
export type PhoneView = Outputs["phone"];

/** The settings mutation; the answer is the new settings, written straight into the settings query. */
export function useUpdateSettings(options: { onSuccess?: () => void } = {}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.notifications.updateSettings.mutationOptions({
      onSuccess: (settings) => {
        queryClient.setQueryData(trpc.notifications.settings.queryKey(), settings);
        options.onSuccess?.();
      },
    }),
  );
}

/** Refetches what the phone and push sections show (after verifying, removing, subscribing). */
export function useRefreshNotifications() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.notifications.settings.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notifications.phone.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notifications.pushDevices.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.notifications.devTexts.queryKey() }),
    ]);
}
