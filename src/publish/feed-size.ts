/** How many stories a subscription feed (and a partner's latest items) carries. */
export const FEED_SIZE = 30;
