import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, readConfig, readEditorTokens } from '../../src/config.js';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('ROJNAME_ADMIN_TOKENS', () => {
  it('reads name:TOKEN entries, with ROJNAME_ADMIN_TOKEN as the editor "admin" beside them', () => {
    expect(readEditorTokens(' alice:tok-a , bob.k:tok-b ', 'tok-c')).toEqual(new Map([['alice', 'tok-a'], ['bob.k', 'tok-b'], ['admin', 'tok-c']]));
    expect(readEditorTokens('', 'only')).toEqual(new Map([['admin', 'only']]));
    expect(readEditorTokens('alice:x:y')).toEqual(new Map([['alice', 'x:y']]));
    expect(readEditorTokens('')).toEqual(new Map());
  });
  it.each([
    ['a bare token', 'alice:ok-token,s3cr3t-bare-token', undefined, 'ROJNAME_ADMIN_TOKENS: entry 2 must look like name:TOKEN (a name of letters, digits, ".", "_" or "-", then a token without spaces)'],
    ['an empty token', 'alice:', undefined, 'ROJNAME_ADMIN_TOKENS: entry 1 must look like name:TOKEN (a name of letters, digits, ".", "_" or "-", then a token without spaces)'],
    ['a name with a space', 'jane doe:s3cr3t-spaced', undefined, 'ROJNAME_ADMIN_TOKENS: entry 1 must look like name:TOKEN (a name of letters, digits, ".", "_" or "-", then a token without spaces)'],
    ['a name given twice', 'alice:s3cr3t-one,bob:s3cr3t-two,alice:s3cr3t-three', undefined, 'ROJNAME_ADMIN_TOKENS: entry 3 names "alice" again (entry 1): give each editor one name'],
    ['a token given twice', 'alice:s3cr3t-same,bob:s3cr3t-same', undefined, 'ROJNAME_ADMIN_TOKENS: entry 2 has the token of entry 1: give each editor a token of their own'],
    ['the name "admin" beside ROJNAME_ADMIN_TOKEN', 'alice:s3cr3t-a,admin:s3cr3t-b', 's3cr3t-c', 'ROJNAME_ADMIN_TOKENS: entry 2 names "admin", the name ROJNAME_ADMIN_TOKEN\'s editor has: choose another name'],
    ['the token of ROJNAME_ADMIN_TOKEN', 'alice:s3cr3t-a,bob:s3cr3t-c', 's3cr3t-c', 'ROJNAME_ADMIN_TOKENS: entry 2 has the token ROJNAME_ADMIN_TOKEN has: give each editor a token of their own'],
  ])('refuses %s, naming the entry by position and never echoing a token', (_name, value, single, message) => {
    const said = refusal(() => readEditorTokens(value, single));
    expect(said).toBe(message);
    expect(said).not.toMatch(/s3cr3t/);
  });
  it('is read by readConfig, and described by names only', () => {
    const config = readConfig({ ROJNAME_ADMIN_TOKENS: 'alice:s3cr3t-a,bob:s3cr3t-b', ROJNAME_ADMIN_TOKEN: 's3cr3t-c' });
    expect([...config.editorTokens.keys()]).toEqual(['alice', 'bob', 'admin']);
    const described = describeConfig(config);
    expect(described).toContain("editors' API on for: alice, bob, admin");
    expect(described).not.toMatch(/s3cr3t/);
    expect(describeConfig(readConfig({}))).toContain("editors' API off (set ROJNAME_ADMIN_TOKENS or ROJNAME_ADMIN_TOKEN)");
  });
});
