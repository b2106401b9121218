import type { Server, ServerOptions } from 'node:http';
import type { Duplex } from 'node:stream';
import { PROBLEM_TYPE } from './problem.js';

/** How long a client may take to send a request, and how long a silent connection is kept. */
export interface ServerLimits {
  /** The request's headers must all arrive within this time of its first byte (ms). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this time (ms). */
  requestTimeoutMs: number;
  /** A connection on which nothing moves for this long is closed (ms). */
  idleTimeoutMs: number;
  /** How often the two request deadlines are checked (ms): a late client is closed within this of its deadline. */
  checkIntervalMs: number;
}

/**
 * Slow clients (slowloris: headers dribbled a byte at a time, a body never finished) are closed:
 * headers within 15 s (so within 16 s with the check interval), the whole request within 2 minutes
 * (a 32 MiB upload needs 280 kB/s), 30 s of silence. Node's defaults are 60 s, 5 minutes and never.
 */
export const SERVER_LIMITS: ServerLimits = { headersTimeoutMs: 15_000, requestTimeoutMs: 120_000, idleTimeoutMs: 30_000, checkIntervalMs: 1_000 };

/** Options for `http.createServer` (through `serve({ serverOptions })`) that set the request deadlines. */
export function serverOptions(limits: ServerLimits = SERVER_LIMITS): ServerOptions {
  return { headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs };
}

/**
 * Closes silent connections, and answers what Node's HTTP parser refuses before the app sees it
 * (a malformed request line or header, CR or LF inside a value, headers over 16 KiB, a deadline
 * missed) with a problem+json of its own status, then closes the connection.
 */
export function guardServer(server: Server, limits: ServerLimits = SERVER_LIMITS): void {
  server.setTimeout(limits.idleTimeoutMs);
  server.on('clientError', answerClientError);
}

/** Node's error codes for what the client did wrong, by the status that says so. */
const STATUS_OF: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request header fields too large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'Content too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request timeout'],
};

function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // Never write into a response already under way on this connection: that would corrupt it.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [status, title] = STATUS_OF[error.code ?? ''] ?? [400, 'Bad request'];
  // Nothing from the request is echoed: the parser refused it, so none of it can be trusted.
  const body = JSON.stringify({ type: 'about:blank', title, status });
  const head = `HTTP/1.1 ${status} ${title}\r\ncontent-type: ${PROBLEM_TYPE}; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n`;
  // Closed once written, whether or not the client ever stops sending.
  socket.end(head + body, () => socket.destroy());
}
