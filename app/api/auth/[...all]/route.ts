import { getAppContext } from "@/server/app-context";

export const dynamic = "force-dynamic";

async function handle(request: Request) {
  const { auth } = await getAppContext();
  return auth.handler(request);
}

export { handle as GET, handle as POST };
