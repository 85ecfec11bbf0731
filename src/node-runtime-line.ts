/**
 * One line saying which Node.js runs this process, for `npm run dev` and `npm test`: the project
 * provisions its own Node.js for CI (scripts/node-runtime.mjs), so a log should show which one ran.
 */
export function nodeRuntimeLine(): string {
  return `Node.js ${process.version} (${process.execPath})`;
}
