import type { Server } from 'node:http';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { describeConfig, readConfig } from '../config.js';
import { createApp } from '../http/app.js';
import { createJsonLog } from '../http/log.js';
import { guardServer, serverOptions } from '../http/server.js';
import { defaultLanguages } from '../i18n/languages.js';
import { loadPartners } from '../partners/file.js';
import { siteUrls } from '../i18n/urls.js';
import { openRuntimeAsync, seedSample } from '../runtime.js';
import { explainListenError } from './errors.js';
import { loadCheckedTranslator, watchServedLocales } from './locales.js';

/**
 * `rojname serve [--watch-locales]` (npm start): the service on the embedded store, seeded on
 * first start. Refused (exit 2) while the locale files have a problem readers would see.
 */
export async function runServe(args: string[] = []): Promise<number> {
  const { values: flags } = parseArgs({ args, strict: true, allowPositionals: false, options: { 'watch-locales': { type: 'boolean', default: false } } });
  const config = readConfig();
  // Before the store opens: broken locale files stop here, naming each file, key and problem.
  const locales = loadCheckedTranslator(defaultLanguages);
  // A bad partners file stops here, before the store opens: one line naming the file and each problem (exit 2).
  // The file's partners and ROJNAME_PARTNER_KEYS' both work; a name or a key in both is refused.
  const partners = loadPartners(config, defaultLanguages.tags);
  // ROJNAME_DATABASE_URL (PostgreSQL, migrated by `rojname migrate`) wins over ROJNAME_DB.
  const runtime = await openRuntimeAsync(config);
  const { article, created } = await seedSample(runtime.store);
  const requestLog = createJsonLog();
  const app = createApp({
    ...runtime,
    log: requestLog.log,
    translator: locales.translator,
    baseUrl: config.baseUrl,
    tombstoneDays: config.tombstoneDays,
    websubHubs: config.websubHubs,
    ...(config.purge ? { purge: config.purge } : {}),
    // ROJNAME_ADMIN_TOKENS' editors and ROJNAME_ADMIN_TOKEN's ("admin"), each write recorded under its name.
    editorTokens: config.editorTokens,
    partners,
    partnerKeys: new Map(),
  });
  // Every language's outputs are published before the first request is taken.
  await app.services.publisher.start();
  // Partners' webhooks: pending deliveries (from before a restart or a crash) go out now, then every new change.
  await app.services.webhooks?.start();
  // --watch-locales: a translator's saved edit is served from the next request on; a broken one is
  // logged (file, key, problem) and the previous translations stay. Without it, a restart is needed.
  const unwatchLocales = flags['watch-locales'] ? watchServedLocales(app.services.publisher, locales, requestLog.log) : () => {};
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: serverOptions() }, (info) => {
    const lines = [
      `rojname ${created ? `seeded "${article.id}" in ${Object.keys(article.localizations).join(', ')}` : 'store ready'}`,
      describeConfig({ ...config, port: info.port }, partners.map((p) => p.name)),
      ...(app.services.webhooks ? [`webhooks for: ${app.services.webhooks.partners.join(', ')}`] : []),
      flags['watch-locales'] ? `locales ${locales.root}/ (watched: saved changes are served at once)` : `locales ${locales.root}/ (restart to serve changes, or use --watch-locales)`,
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
    const refused = (error: Error) => void (app.services.webhooks?.stop() ?? Promise.resolve()).then(() => runtime.store.close()).finally(() => reject(explainListenError(error, config)));
    server.once('error', refused);
    server.once('listening', () => server.off('error', refused));
    const stop = (signal: string) => {
      process.stdout.write(`${signal}: no new connections; finishing requests\n`);
      unwatchLocales();
      // Waiting long-polls answer now (with what they have), so they do not hold the shutdown.
      app.services.changeWaits.close();
      // Stop accepting, let open requests finish, then close the database.
      server.close(() => {
        // Nothing is published after this: no render (a lifting embargo's, a late change's) meets a closing store.
        app.services.publisher.stop();
        app.services.sitemaps?.stop();
        app.services.websub?.stop();
        app.services.purger?.stop();
        requestLog.flush();
        // An attempt under way is abandoned and its lease given back: the next start retries it.
        void (app.services.webhooks?.stop() ?? Promise.resolve()).then(() => runtime.store.close()).then(() => {
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
