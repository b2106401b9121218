export { renderArticlePage } from './article.js';
export { renderHomePage, type HomeLanguage, type HomeView } from './home.js';
export { renderLanguagePage } from './language.js';
export { FEED_LINKS, formatDate, renderPage, type PageShell, type Translate } from './layout.js';
