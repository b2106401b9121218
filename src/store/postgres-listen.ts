import pg from 'pg';

export interface NotificationListenerOptions {
  connectionString: string;
  channel: string;
  /** Each notification's payload. */
  onNotify(payload: string | undefined): void;
  /** Each time `LISTEN` is in place again (first connect and every reconnect): notifications sent meanwhile were lost. */
  onListening(): void;
}

/** First wait before reconnecting, doubled after each failure up to the most (ms). */
const RETRY_FIRST_MS = 100;
const RETRY_MOST_MS = 5000;

/**
 * `LISTEN` on its own long-lived connection (a pooled one would be handed to other queries and
 * lose the subscription), reconnecting with backoff whenever that connection is lost: the server
 * restarted, a failover, `pg_terminate_backend`, a dead network. Notifications sent while it was
 * gone are lost, so `onListening` runs after each reconnect for the caller to catch up.
 */
export class NotificationListener {
  readonly #options: NotificationListenerOptions;
  #client: pg.Client | undefined;
  #running = false;
  #retry: NodeJS.Timeout | undefined;
  #delay = RETRY_FIRST_MS;

  constructor(options: NotificationListenerOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#running = false;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = undefined;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    this.#retry = undefined;
    const { connectionString, channel } = this.#options;
    const client = new pg.Client({ connectionString, application_name: 'rojname-listen', keepAlive: true });
    this.#client = client;
    client.on('notification', (n) => {
      if (n.channel === channel) this.#options.onNotify(n.payload);
    });
    // A lost connection emits 'error' (e.g. 57P01 after pg_terminate_backend), then 'end'.
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    } catch {
      this.#lost(client);
      return;
    }
    if (this.#client !== client) return;
    this.#delay = RETRY_FIRST_MS;
    this.#options.onListening();
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    if (!this.#running) return;
    this.#retry = setTimeout(() => void this.#connect(), this.#delay);
    this.#retry.unref();
    this.#delay = Math.min(this.#delay * 2, RETRY_MOST_MS);
  }
}
