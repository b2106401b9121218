import { resolve } from 'node:path';
import { describeStore, readConfig } from '../config.js';
import { openRuntimeAsync, seedSample } from '../runtime.js';

export async function runSeed(): Promise<number> {
  const config = readConfig();
  const { store } = await openRuntimeAsync(config);
  try {
    const { article, created } = await seedSample(store);
    const where = config.databaseUrl ? describeStore(config) : config.dbPath === ':memory:' ? ':memory:' : resolve(config.dbPath);
    process.stdout.write(
      `${created ? 'stored' : 'already stored'}: "${article.id}" version ${article.version} in ${Object.keys(article.localizations).join(', ')}\nstore: ${where}\n`,
    );
    return 0;
  } finally {
    await store.close();
  }
}
