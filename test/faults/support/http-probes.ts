/** Raw HTTP probes for the shutdown tests: a request held in flight on purpose, and a bare connect. */
import { request, type IncomingMessage } from "node:http";
import { connect } from "node:net";

export interface SlowRequest {
  /** Whether a response (of any status) has arrived. */
  isAnswered(): boolean;
  /** Sends the rest of the body and resolves with the response. */
  finish(): Promise<{ status: number; body: string }>;
}

/**
 * Starts a POST whose body is withheld: it resolves once the server has taken the request (its `100
 * Continue`, which Node's server sends as it hands the request to the app), so the request is in flight there.
 */
export function openSlowRequest(port: number, path: string, body: string, headers: Record<string, string> = {}): Promise<SlowRequest> {
  return new Promise((resolve, reject) => {
    let answered = false;
    const response = new Promise<{ status: number; body: string }>((resolveResponse, rejectResponse) => {
      const req = request(
        { host: "127.0.0.1", port, path, method: "POST", headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body), expect: "100-continue" } },
        (res: IncomingMessage) => {
          answered = true;
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () => resolveResponse({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
          res.on("error", rejectResponse);
        },
      );
      req.on("error", (error) => {
        rejectResponse(error);
        reject(error);
      });
      req.on("continue", () =>
        resolve({
          isAnswered: () => answered,
          finish: () => {
            req.end(body);
            return response;
          },
        }),
      );
      req.flushHeaders();
    });
    response.catch(() => undefined);
  });
}

/** True when a TCP connect to the port is refused (nothing listens any more). */
export function isConnectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}
