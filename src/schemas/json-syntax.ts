/**
 * Where JSON text first goes wrong, and what was expected there. JSON.parse says where only in
 * some of its messages, and differently from one Node version to the next ("at position 18",
 * "(line 3 column 7)", or nowhere for an unexpected token); this scanner runs only once JSON.parse
 * has failed, so people get the same line, column and reason on every version.
 */
export interface JsonSyntaxProblem {
  /** Offset into the text, in UTF-16 code units as JavaScript strings count them. */
  offset: number;
  expected: string;
}

/** Unwinds the scan from wherever it fails; never leaves this module. */
class Failed extends Error {
  constructor(readonly problem: JsonSyntaxProblem) {
    super(problem.expected);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  let i = 0;
  const fail = (expected: string): never => {
    throw new Failed({ offset: i, expected });
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (text[i] === 'u') {
          i++;
          HEX4.lastIndex = i;
          if (!HEX4.test(text)) fail('four hexadecimal digits after \\u');
          i += 4;
        } else if (i < text.length && '"\\/bfnrt'.includes(text[i]!)) i++;
        else fail('an escape: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX');
      } else if (c < ' ') fail('no control character in a string (write \\n for a new line)');
      else i++;
    }
    fail('a closing double quote');
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail('a property name in double quotes');
        string();
        space();
        if (text[i] !== ':') fail("':' after the property name");
        i++;
        value();
        space();
        if (text[i] === '}') {
          i++;
          return;
        }
        if (text[i] !== ',') fail("',' or '}' after the property value");
        i++;
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ']') {
          i++;
          return;
        }
        if (text[i] !== ',') fail("',' or ']' after the list item");
        i++;
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    NUMBER.lastIndex = i;
    if ((c === '-' || (c !== undefined && c >= '0' && c <= '9')) && NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return;
    }
    fail('a value (an object, a list, a string in double quotes, a number, true, false or null)');
  };
  try {
    value();
    space();
    if (i < text.length) fail('nothing after the JSON value');
    return undefined;
  } catch (err) {
    if (err instanceof Failed) return err.problem;
    throw err;
  }
}
