/** Serves an emulator core over node:http, on 127.0.0.1 only. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Emulator } from './emulator';

/** Larger bodies are refused: nothing the extension sends comes close (a full collection is ~100 KB). */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export interface ListeningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BodyTooLarge());
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function answer(emulator: Emulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body: string;
  try {
    body = await readBody(req);
  } catch (error) {
    if (error instanceof BodyTooLarge && !res.headersSent) {
      res.writeHead(413, { 'content-type': 'text/plain' }).end('Request body too large');
    }
    return;
  }
  const response = await emulator.handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body });
  if (response.dropConnection) {
    // "Offline": the client sees a reset connection, as with a dropped network.
    req.socket.destroy();
    return;
  }
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

export function listen(emulator: Emulator, options: { port?: number; host?: '127.0.0.1' } = {}): Promise<ListeningServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    answer(emulator, req, res).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify([{ message: `An unexpected error occurred. (emulator: ${message})`, errorCode: 'UNKNOWN_EXCEPTION' }]));
      } else {
        res.destroy();
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () => {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would hold close() open until they time out.
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}
