import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, type ApiRequest, type ApiResponse, type Handler } from './api-types.ts';

export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves one handler on a loopback port. The body is read in full before the handler runs;
 * `onRequest` may take the request over (fault injection) by answering or destroying the socket.
 */
export async function startApiServer(input: {
  port: number;
  handler: Handler;
  onError: (error: unknown) => ApiResponse;
  /** Runs first; returning `'handled'` means it already answered (or reset) the request. */
  intercept?: (req: ApiRequest, raw: { req: IncomingMessage; res: ServerResponse }) => Promise<'handled' | 'continue'>;
}): Promise<ApiServer> {
  const server = createServer((req, res) => {
    void serve(req, res, input).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) writeResponse(res, input.onError(error));
    });
  });
  server.keepAliveTimeout = 30_000;
  await listen(server, input.port);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  input: Parameters<typeof startApiServer>[0],
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const apiRequest: ApiRequest = {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`),
    headers: req.headers,
    body: Buffer.concat(chunks),
    params: {},
  };
  if (input.intercept && (await input.intercept(apiRequest, { req, res })) === 'handled') return;
  let response: ApiResponse;
  try {
    response = await input.handler(apiRequest);
  } catch (error) {
    response = error instanceof ApiError ? error.response : input.onError(error);
  }
  if (!res.destroyed) writeResponse(res, response);
}

export function writeResponse(res: ServerResponse, response: ApiResponse): void {
  const headers: Record<string, string> = { ...response.headers };
  let body: string | Buffer | undefined;
  if (response.body === undefined || response.body === null) body = undefined;
  else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) body = response.body;
  else {
    body = JSON.stringify(response.body);
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json;charset=UTF-8';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(response.status, headers);
  res.end(body);
}
