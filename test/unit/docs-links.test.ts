import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml } from 'yaml';

/** The languages of a quoted example, each with the file names it quotes and how it reads them. */
const QUOTED: Record<string, { files: RegExp; parse: (text: string) => unknown }> = {
  json: { files: /(?<![\w./-])examples\/[\w./-]*\.json/g, parse: (text) => JSON.parse(text) as unknown },
  // Read, not compared as text: the README may write a mapping inline that the file writes as a block.
  yaml: { files: /(?<![\w./-])examples\/[\w./-]*\.ya?ml/g, parse: (text) => parseYaml(text) as unknown },
};

const ROOT = join(__dirname, '..', '..');

/** README.md and every page of docs/, as paths relative to `root`. */
function documents(root: string): string[] {
  const docs = existsSync(join(root, 'docs'))
    ? readdirSync(join(root, 'docs'))
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `docs/${f}`)
    : [];
  return ['README.md', ...docs];
}

/** A document's lines, each marked whether it lies inside a fenced code block (fences included). */
function linesOf(text: string): { line: string; inCode: boolean }[] {
  let fence: string | undefined;
  return text.split('\n').map((line) => {
    const opens = /^\s*(```+|~~~+)/.exec(line);
    if (fence === undefined && opens) {
      fence = opens[1];
      return { line, inCode: true };
    }
    if (fence !== undefined) {
      if (line.trim().startsWith(fence) && line.trim().replace(/[`~]/g, '') === '') fence = undefined;
      return { line, inCode: true };
    }
    return { line, inCode: false };
  });
}

/** GitHub's anchor for a heading: its text as rendered, lowercased, punctuation but `-` and `_` dropped, spaces to `-`. */
export function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1') // a link reads as its text
    .replace(/`/g, '')
    .replace(/\*\*|\*/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/ /g, '-');
}

/** The anchors of a markdown file's headings, with GitHub's `-1`, `-2` for repeated ones. */
function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { line, inCode } of linesOf(text)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (inCode || !heading) continue;
    const base = slug(heading[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Every problem with the links, example paths and quoted examples of README.md and docs/*.md under `root`. */
export function docProblems(root: string): {
  problems: string[];
  linksChecked: number;
  quotedChecked: number;
} {
  const problems: string[] = [];
  let linksChecked = 0;
  let quotedChecked = 0;
  for (const doc of documents(root)) {
    const text = readFileSync(join(root, doc), 'utf8');
    const lines = linesOf(text);

    // Relative links: the file exists, and an #anchor names a heading of it.
    lines.forEach(({ line, inCode }, i) => {
      if (inCode) return;
      const prose = line.replace(/`[^`]*`/g, (code) => (code.includes('](') ? '' : code));
      for (const m of prose.matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:: not a file here
        linksChecked++;
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const file = path === '' ? join(root, doc) : resolve(join(root, dirname(doc)), decodeURI(path));
        const where = `${doc}:${i + 1}: ${target}`;
        if (!existsSync(file)) {
          problems.push(`${where}: no such file ${relative(root, file)}`);
          continue;
        }
        if (anchor !== undefined) {
          if (!file.endsWith('.md')) problems.push(`${where}: an anchor into a file that is not markdown`);
          else if (!anchorsOf(readFileSync(file, 'utf8')).has(anchor))
            problems.push(`${where}: ${relative(root, file)} has no heading with the anchor #${anchor}`);
        }
      }
    });

    // Every examples/ file quoted by path exists.
    for (const m of text.matchAll(/(?<![\w./-])examples\/[\w./-]*[\w-]/g)) {
      if (!existsSync(join(root, m[0]))) problems.push(`${doc}: quotes ${m[0]}, which does not exist`);
    }

    // A ```json or ```yaml block introduced as an examples/ file's content is that file's content.
    lines.forEach(({ line }, i) => {
      const language = /^```(json|yaml)\s*$/.exec(line)?.[1];
      if (language === undefined || lines[i - 1]?.inCode) return;
      const quoted = QUOTED[language]!;
      let start = i - 1;
      while (start >= 0 && lines[start]!.line.trim() === '') start--;
      const intro: string[] = [];
      for (let j = start; j >= 0 && lines[j]!.line.trim() !== '' && !lines[j]!.inCode; j--)
        intro.unshift(lines[j]!.line);
      const named = [...new Set(intro.join(' ').match(quoted.files) ?? [])];
      if (named.length === 0) return;
      const where = `${doc}:${i + 1}`;
      if (named.length > 1) {
        problems.push(
          `${where}: the ${language} block is introduced with several example files (${named.join(', ')})`,
        );
        return;
      }
      const file = named[0]!;
      const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l.line));
      const block = lines
        .slice(i + 1, end)
        .map((l) => l.line)
        .join('\n');
      quotedChecked++;
      if (!existsSync(join(root, file))) return; // reported above
      let shown: unknown;
      try {
        shown = quoted.parse(block);
      } catch (error) {
        problems.push(
          `${where}: the ${language} block shown as ${file} does not parse: ${(error as Error).message}`,
        );
        return;
      }
      const actual = quoted.parse(readFileSync(join(root, file), 'utf8'));
      if (!isDeepStrictEqual(shown, actual))
        problems.push(`${where}: the ${language} block differs from ${file}`);
    });
  }
  return { problems, linksChecked, quotedChecked };
}

describe('the links and examples of README.md and docs/', () => {
  it('has relative links to files that exist and anchors to headings that exist, and quotes examples/ as they are', () => {
    const { problems, linksChecked, quotedChecked } = docProblems(ROOT);
    assert.deepEqual(problems, []);
    assert.ok(
      linksChecked >= 20,
      `only ${linksChecked} relative links found: is the link pattern still right?`,
    );
    assert.ok(
      quotedChecked >= 3,
      `only ${quotedChecked} json or yaml blocks of examples/ found: is the intro pattern still right?`,
    );
  });

  it('makes anchors as GitHub does', () => {
    assert.equal(slug('What is guaranteed, and how it is tested'), 'what-is-guaranteed-and-how-it-is-tested');
    assert.equal(slug('`copySnapshotAcrossRegions`'), 'copysnapshotacrossregions');
    assert.equal(
      slug('Runbook: nightly snapshot and copy to the DR region, with retention'),
      'runbook-nightly-snapshot-and-copy-to-the-dr-region-with-retention',
    );
    assert.equal(
      slug('A real Temporal cluster or Temporal Cloud'),
      'a-real-temporal-cluster-or-temporal-cloud',
    );
    assert.equal(slug('LIGHTSAIL_FLOWS_TRIGGERS and co.'), 'lightsail_flows_triggers-and-co');
  });

  it('reports a missing file, a missing anchor, a missing example and a json or yaml block that differs', () => {
    const root = mkdtempSync(join(tmpdir(), 'docs-links-'));
    try {
      mkdirSync(join(root, 'docs'));
      mkdirSync(join(root, 'examples'));
      writeFileSync(join(root, 'examples', 'a.json'), '{"a": 1}');
      writeFileSync(join(root, 'examples', 'b.yaml'), 'b:\n  c: 1\n');
      writeFileSync(
        join(root, 'README.md'),
        [
          '# Title',
          '',
          'See [gone](docs/gone.md), [page](docs/page.md#no-such-heading), [ok](docs/page.md#a-heading),',
          '[self](#title), [bad self](#nothing) and `examples/missing.json`.',
          '',
          'Example (`examples/a.json`):',
          '',
          '```json',
          '{ "a": 2 }',
          '```',
          '',
          '```sh',
          'echo "[not a link](nowhere.md)"',
          '```',
          '',
          'The same inline is the same (`examples/b.yaml`):',
          '',
          '```yaml',
          'b: { c: 1 }',
          '```',
          '',
          'Another (`examples/b.yaml`):',
          '',
          '```yaml',
          'b: { c: 2 }',
          '```',
        ].join('\n'),
      );
      writeFileSync(join(root, 'docs', 'page.md'), '# Page\n\n## A heading\n\n[back](../README.md#title)\n');
      const { problems } = docProblems(root);
      assert.deepEqual(problems, [
        'README.md:3: docs/gone.md: no such file docs/gone.md',
        'README.md:3: docs/page.md#no-such-heading: docs/page.md has no heading with the anchor #no-such-heading',
        'README.md:4: #nothing: README.md has no heading with the anchor #nothing',
        'README.md: quotes examples/missing.json, which does not exist',
        'README.md:8: the json block differs from examples/a.json',
        'README.md:24: the yaml block differs from examples/b.yaml',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
