import { describe, expect, it } from 'vitest';
import { mongoUriFor } from './mongo-uri.ts';

describe('mongoUriFor', () => {
  it.each([
    ['mongodb://127.0.0.1:27017/', 'mongodb://127.0.0.1:27017/app'],
    ['mongodb://127.0.0.1:27017', 'mongodb://127.0.0.1:27017/app'],
    ['mongodb://127.0.0.1:27017/old', 'mongodb://127.0.0.1:27017/app'],
    [
      'mongodb://127.0.0.1:27017/?directConnection=true',
      'mongodb://127.0.0.1:27017/app?directConnection=true',
    ],
    ['mongodb://127.0.0.1:27017?appName=x', 'mongodb://127.0.0.1:27017/app?appName=x'],
    [
      'mongodb://a:1,b:2,c:3/old?replicaSet=rs0&w=majority',
      'mongodb://a:1,b:2,c:3/app?replicaSet=rs0&w=majority',
    ],
  ])('%s → %s', (base, expected) => {
    expect(mongoUriFor(base, 'app')).toBe(expected);
  });

  it('keeps where credentials authenticate', () => {
    expect(mongoUriFor('mongodb+srv://u:p%40ss@cluster0.example.net/?retryWrites=true', 'app')).toBe(
      'mongodb+srv://u:p%40ss@cluster0.example.net/app?retryWrites=true&authSource=admin',
    );
    expect(mongoUriFor('mongodb://u:p@h/users', 'app')).toBe('mongodb://u:p@h/app?authSource=users');
    expect(mongoUriFor('mongodb://u:p@h/?authSource=other', 'app')).toBe(
      'mongodb://u:p@h/app?authSource=other',
    );
  });

  it('rejects what is not a URI or not a database name', () => {
    expect(() => mongoUriFor('postgres://h/', 'app')).toThrow(/not a MongoDB connection string/);
    expect(() => mongoUriFor('mongodb:///', 'app')).toThrow(/no host/);
    for (const name of ['', 'a.b', 'a/b', 'a b', '$x', 'a\0b', 'x'.repeat(64)]) {
      expect(() => mongoUriFor('mongodb://h/', name)).toThrow(/invalid MongoDB database name/);
    }
  });
});
