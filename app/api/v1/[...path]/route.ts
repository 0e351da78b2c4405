import { handleRestRequest } from "@/server/rest/app";

// Every /api/v1 route is served from the one route table in server/rest/routes.ts.
export const dynamic = "force-dynamic";

export { handleRestRequest as GET, handleRestRequest as POST, handleRestRequest as PUT, handleRestRequest as PATCH, handleRestRequest as DELETE };
