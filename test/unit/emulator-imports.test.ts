import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * The emulator stands on its own, so others can lift it out and use it as it is: it imports
 * only itself, the Lightsail facts module (which neither it nor the product owns), Node's
 * built-ins and the few packages below. Every import form counts, type-only and dynamic ones too.
 */
const ROOT = resolve(__dirname, '../..');
const EMULATOR = 'src/emulator';
const FACTS = 'src/lightsail-facts';
/** Packages the emulator needs; a new one is a decision for whoever lifts the emulator out. */
const EMULATOR_PACKAGES = ['zod', '@smithy/signature-v4'];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

/** Each import of a file: its specifier, and the repository path it names when relative. */
function imports(file: string): { specifier: string; path?: string }[] {
  const info = ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true);
  return info.importedFiles.map(({ fileName }) => ({
    specifier: fileName,
    path: fileName.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), fileName)) : undefined,
  }));
}

const within = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

function strayImports(dir: string, allowedDirs: string[], allowedPackages: string[]): string[] {
  return sourceFiles(dir).flatMap((file) =>
    imports(file)
      .filter(({ specifier, path }) =>
        path === undefined
          ? !specifier.startsWith('node:') && !allowedPackages.includes(specifier)
          : !allowedDirs.some((d) => within(path, d)),
      )
      .map(({ specifier }) => `${file}: ${specifier}`),
  );
}

describe('the emulator stands on its own', () => {
  it('src/emulator imports nothing outside src/emulator and src/lightsail-facts but Node and its packages', () => {
    assert.ok(sourceFiles(EMULATOR).length > 50, 'the emulator’s files are found');
    assert.deepEqual(strayImports(EMULATOR, [EMULATOR, FACTS], EMULATOR_PACKAGES), []);
  });

  it('src/lightsail-facts imports nothing at all, so neither side owns it', () => {
    assert.deepEqual(strayImports(FACTS, [FACTS], []), []);
  });

  it('finds a stray import of any form: static, type-only, re-export and dynamic', () => {
    const text = [
      "import { a } from '../schemas/x';",
      "import type { B } from '../../lightsail/y';",
      "export { c } from '../config';",
      "const d = import('../runs/z');",
    ].join('\n');
    const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
    assert.deepEqual(found, ['../schemas/x', '../../lightsail/y', '../config', '../runs/z']);
  });
});
