import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { describeConfig, readConfig } from '../config.js';
import { createApp } from '../http/app.js';
import { createJsonLog } from '../http/log.js';
import { guardServer, serverOptions } from '../http/server.js';
import { createTranslator } from '../i18n/i18n.js';
import { siteUrls } from '../i18n/urls.js';
import { openRuntimeAsync, seedSample } from '../runtime.js';
import { explainListenError } from './errors.js';

/** `rojname serve` (npm start): the service on the embedded store, seeded on first start. */
export async function runServe(): Promise<number> {
  const config = readConfig();
  // ROJNAME_DATABASE_URL (PostgreSQL, migrated by `rojname migrate`) wins over ROJNAME_DB.
  const runtime = await openRuntimeAsync(config);
  const { article, created } = await seedSample(runtime.store);
  const requestLog = createJsonLog();
  const app = createApp({
    ...runtime,
    log: requestLog.log,
    translator: createTranslator(runtime.languages),
    baseUrl: config.baseUrl,
    ...(config.adminToken ? { adminToken: config.adminToken } : {}),
    partnerKeys: config.partnerKeys,
  });
  // Every language's outputs are published before the first request is taken.
  await app.services.publisher.start();
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: serverOptions() }, (info) => {
    const lines = [
      `rojname ${created ? `seeded "${article.id}" in ${Object.keys(article.localizations).join(', ')}` : 'store ready'}`,
      describeConfig({ ...config, port: info.port }),
      '',
      `  ${config.baseUrl}/`,
      ...runtime.languages.tags.flatMap((tag) => {
        const u = siteUrls(config.baseUrl, tag);
        return [`  ${u.languageHome}  ${u.rss}  ${u.atom}  ${u.json}`];
      }),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  });
  guardServer(server as Server);

  await new Promise<void>((resolve, reject) => {
    // A port in use (or a host that is not this machine's) is a setting to change: one line, exit 2.
    const refused = (error: Error) => void runtime.store.close().finally(() => reject(explainListenError(error, config)));
    server.once('error', refused);
    server.once('listening', () => server.off('error', refused));
    const stop = (signal: string) => {
      process.stdout.write(`${signal}: no new connections; finishing requests\n`);
      // Stop accepting, let open requests finish, then close the database.
      server.close(() => {
        requestLog.flush();
        void runtime.store.close().then(() => {
          process.stdout.write('stopped\n');
          resolve();
        });
      });
      (server as { closeIdleConnections?: () => void }).closeIdleConnections?.();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}
