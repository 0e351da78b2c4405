import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { createRequestContext } from "./context";
import { createCaller } from "./root";

/** The tRPC router called in-process for server components, as the current request's user. */
export const getServerApi = cache(async () => createCaller(await createRequestContext(await headers())));
