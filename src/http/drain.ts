/**
 * Reads and drops what is left of a request body, within bounds (then the connection is closed).
 * Answering a 413 before a simple client has written all of its body shows it a broken pipe, not
 * the answer: it writes everything before it reads.
 */
export async function drainBody(request: Request, maxBytes = 256 * 1024 * 1024, maxMs = 30_000): Promise<void> {
  // A body already being read (a chunked upload that crossed the limit) is left to the server's own cleanup.
  if (!request.body || request.body.locked) return;
  const reader = request.body.getReader();
  const deadline = Date.now() + maxMs;
  let read = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
      if (read > maxBytes || Date.now() > deadline) return;
    }
  } catch {
    /* the client went away */
  } finally {
    reader.releaseLock();
  }
}
