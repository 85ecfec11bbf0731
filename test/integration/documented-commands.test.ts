import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lightsailFlows } from '../support/cli-process';
import { ROOT } from '../support/dev-stack-process';

/** Commands with subcommands of their own: `schedule create`, ... */
const GROUPS = new Set(['schedule', 'runbook', 'dr']);

/** Every `lightsail-flows ...` line inside a fenced code block of the README and docs/. */
function documentedCommands(): { file: string; line: string }[] {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  const found: { file: string; line: string }[] = [];
  for (const file of files) {
    let inCode = false;
    for (const raw of readFileSync(join(ROOT, file), 'utf8').split('\n')) {
      if (/^\s*```/.test(raw)) {
        inCode = !inCode;
        continue;
      }
      const at = raw.indexOf('lightsail-flows ');
      if (inCode && at >= 0 && /^\s*(npx |\$ )?lightsail-flows /.test(raw)) {
        found.push({
          file,
          line: raw
            .slice(at)
            .replace(/\s+#.*$/, '')
            .trim(),
        });
      }
    }
  }
  return found;
}

/**
 * The commands the README and docs/ show, checked against the CLI itself: each names a command
 * the CLI has, and each flag it uses is one that command takes (its --help lists it). The
 * examples test and the CLI tests run them against a stack; this catches a page drifting from
 * the code.
 */
describe('every lightsail-flows command shown in README.md and docs/ exists with the flags shown', function () {
  this.timeout(120_000);
  const commands = documentedCommands();
  const helps = new Map<string, Promise<string>>();
  const helpOf = (command: string[]) => {
    const key = command.join(' ');
    if (!helps.has(key)) {
      helps.set(
        key,
        lightsailFlows([...command, '--help'], { ...process.env }).done.then((run) => {
          assert.equal(run.code, 0, `lightsail-flows ${key} --help failed: ${run.stderr}`);
          return run.stdout;
        }),
      );
    }
    return helps.get(key)!;
  };

  it('finds the documented commands', () => {
    assert.ok(commands.length >= 20, `only ${commands.length} found`);
  });

  for (const { file, line } of commands) {
    it(`${file}: ${line}`, async () => {
      const words = line.split(/\s+/).slice(1);
      const command = GROUPS.has(words[0]!) ? words.slice(0, 2) : words.slice(0, 1);
      const help = await helpOf(command);
      for (const flag of line.match(/(?<=\s)--[a-z][a-z-]*/g) ?? []) {
        assert.match(help, new RegExp(`${flag}\\b`), `${command.join(' ')} has no ${flag}`);
      }
    });
  }
});
