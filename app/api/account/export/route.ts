import { TRPCError } from "@trpc/server";
import { createRequestContext } from "@/server/api/context";
import { createCaller } from "@/server/api/root";
import { exportFileName } from "@/server/services/export";

export const dynamic = "force-dynamic";

/** The signed-in fan's data export as a JSON file download (the same as the `profile.export` procedure). */
export async function GET(request: Request) {
  try {
    const data = await createCaller(await createRequestContext(request.headers)).profile.export();
    return new Response(JSON.stringify(data, null, 2), {
      headers: {
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": `attachment; filename="${exportFileName(new Date(data.exportedAt))}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof TRPCError && error.code === "UNAUTHORIZED") {
      return Response.json({ error: { code: "UNAUTHORIZED", message: "Sign in to download your data" } }, { status: 401, headers: { "Cache-Control": "no-store" } });
    }
    throw error;
  }
}
