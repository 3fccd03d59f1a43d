import { readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import type { Options } from 'tsup';

type Plugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * tsup options for one app, run from its folder: the entry points bundled into `dist/` as ESM for Node 20. The
 * workspace's own packages export their TypeScript sources (dev and tests run those under tsx), so they are inlined;
 * npm packages stay imports that Node resolves from the app's `node_modules` at run time, one copy shared with
 * every other importer (two copies of mongodb or bson would break `instanceof ObjectId`).
 */
export function appBundle(entry: Record<string, string>): Options {
  return {
    entry,
    outDir: 'dist',
    format: 'esm',
    platform: 'node',
    target: 'node20',
    clean: true,
    sourcemap: true,
    splitting: true,
    noExternal: [/^@fixstream\//],
    esbuildPlugins: [undeclaredPackages(process.cwd())],
  };
}

/**
 * tsup leaves the app's declared dependencies external; a package that reaches this plugin is imported by a
 * workspace package but not declared by the app, and would fail at the first start in production. It fails the
 * build instead, naming what to add.
 */
function undeclaredPackages(appDir: string): Plugin {
  const manifest = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { name: string };
  return {
    name: 'undeclared-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('@fixstream/')) return undefined;
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        return {
          errors: [
            {
              text: `${args.path} is imported by ${args.importer} but is not a dependency of ${manifest.name}: add it to ${join(appDir, 'package.json')}`,
            },
          ],
        };
      });
    },
  };
}
