import { ButtonLink, Card } from "@/app/_components/ui";

export default function WatchNotFound() {
  return (
    <Card className="text-center">
      <h1 className="mb-2 text-xl font-semibold">Watch not found</h1>
      <p className="mb-4 text-sm text-slate-600 dark:text-slate-300">This watch doesn&apos;t exist, or it isn&apos;t yours.</p>
      <ButtonLink href="/watches">Back to your watches</ButtonLink>
    </Card>
  );
}
