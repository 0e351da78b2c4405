import { getAppContext } from "@/server/app-context";
import { getAppUrl } from "@/server/env";
import { buildCalendarForToken } from "@/server/services/calendar";

export const dynamic = "force-dynamic";

/** A fan's private calendar feed; the token is the credential (calendar apps send no cookie). */
export async function GET(_request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const app = await getAppContext();
  const body = await buildCalendarForToken(app.database.db, token.replace(/\.ics$/, ""), { sourceNow: app.events.now(), appUrl: getAppUrl(app.env) });
  if (body === null) return new Response("No such calendar feed\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="seatwatch.ics"',
      "Cache-Control": "private, max-age=300",
      "X-Robots-Tag": "noindex",
      "Referrer-Policy": "no-referrer",
    },
  });
}
