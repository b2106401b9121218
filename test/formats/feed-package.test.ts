import { execFileSync } from 'node:child_process';
import { Feed } from 'feed';
import { describe, expect, it } from 'vitest';

/**
 * Why rojname renders its feeds itself instead of with the `feed` package (the owner's first choice):
 * these are the gaps of the installed version that our outputs must not have. If a later `feed`
 * closes them, these tests fail, and it is time to look again.
 */
function feedWithNastyItem(): Feed {
  const feed = new Feed({ title: 'T', id: 'https://rojname.example/', link: 'https://rojname.example/', copyright: '©', updated: new Date('2021-02-18T16:30:00Z'), language: 'ku-Arab' });
  feed.addItem({
    title: 'A ]]> B ]]> C',
    link: 'https://rojname.example/1',
    date: new Date('2021-02-18T16:30:00Z'),
    content: '<p>x ]]> y ]]> z</p>',
    author: [{ name: 'John J. Catherine' }],
  });
  return feed;
}

function isWellFormed(xml: string): boolean {
  try {
    execFileSync('xmllint', ['--noout', '-'], { input: xml, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('the feed package (feed@6)', () => {
  it('writes malformed RSS when a headline holds ]]> twice', () => {
    expect(isWellFormed(feedWithNastyItem().rss2())).toBe(false);
  });
  it('writes a name into RSS <author>, which must be an e-mail address', () => {
    expect(feedWithNastyItem().rss2()).toContain('<author>John J. Catherine</author>');
  });
  it('writes no xml:lang on an Atom feed', () => {
    expect(feedWithNastyItem().atom1()).not.toContain('xml:lang');
  });
  it('knows only JSON Feed 1.0', () => {
    expect(JSON.parse(feedWithNastyItem().json1()).version).toBe('https://jsonfeed.org/version/1');
  });
});
