import { strict as assert } from 'node:assert';
import { JsonSyntaxError, parseJsonText } from '../../src/schemas/json-text';

/** The message parseJsonText throws for `text`. */
function refusal(text: string): string {
  try {
    parseJsonText(text);
  } catch (err) {
    assert.ok(err instanceof JsonSyntaxError, String(err));
    return err.message;
  }
  return assert.fail(`${JSON.stringify(text)} parsed`);
}

describe('JSON text as people write it', () => {
  it('names the line, the column and what was expected, whichever mistake it is', () => {
    const cases: [string, string][] = [
      ['{\n  "a": 1,\n  "b" 2\n}', `line 3, column 7: expected ':' after the property name, found "2"`],
      ['{\n  "a": 1,\n', 'line 3, column 1: expected a property name in double quotes, found the end'],
      ['{"a": 1,}', 'line 1, column 9: expected a property name in double quotes, found "}"'],
      ['[1, 2', "line 1, column 6: expected ',' or ']' after the list item, found the end"],
      ["{'a': 1}", 'line 1, column 2: expected a property name in double quotes, found "\'"'],
      [
        '{"a": x}',
        'line 1, column 7: expected a value (an object, a list, a string in double quotes, a number, true, false or null), found "x"',
      ],
      ['"abc', 'line 1, column 5: expected a closing double quote, found the end'],
      ['{"a": 1}}', 'line 1, column 9: expected nothing after the JSON value, found "}"'],
      [
        '{"a": "\\q"}',
        'line 1, column 9: expected an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX, found "q"',
      ],
      [
        '{"a": "x\ny"}',
        'line 1, column 9: expected no control character in a string (write \\n for a new line), found "\\n"',
      ],
      [
        '',
        'line 1, column 1: expected a value (an object, a list, a string in double quotes, a number, true, false or null), found the end',
      ],
    ];
    for (const [text, message] of cases) assert.equal(refusal(text), message, JSON.stringify(text));
  });

  it('parses what JSON.parse parses, skipping a byte-order mark some editors write', () => {
    assert.deepEqual(parseJsonText('\uFEFF{"a": [1, -2.5e3, true, null, "\\u00e9"]}'), {
      a: [1, -2500, true, null, 'é'],
    });
  });
});
