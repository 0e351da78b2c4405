import { createServer } from "node:http";
import { Readable } from "node:stream";
import { closeServer, listen } from "@/server/sandbox/http-util";
import { createRestApi } from "@/server/rest/handler";
import type { RestDeps } from "@/server/rest/types";

export interface RestServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The REST route handlers served over real HTTP by node:http, as Next serves app/api/v1/[...path]: the body
 * is streamed through (not buffered), so size limits see what a client really sends.
 */
export async function startRestServer(deps: RestDeps): Promise<RestServer> {
  const api = createRestApi(deps);
  let origin = "";
  const server = createServer((req, res) => {
    const headers = new Headers();
    for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(`${origin}${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
      duplex: "half",
    } as RequestInit);
    api
      .handle(request)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { "Content-Type": "text/plain" });
        res.end(`adapter failed: ${error instanceof Error ? error.message : String(error)}`);
      });
  });
  origin = await listen(server, 0, "127.0.0.1");
  return { url: origin, close: () => closeServer(server) };
}
