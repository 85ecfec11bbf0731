#!/usr/bin/env node
// Runs the built JavaScript when it is there and up to date (the image; a checkout after `npm run
// build`), else the TypeScript sources through tsx, so a checkout never runs stale output: see
// entry.cjs. LIGHTSAIL_FLOWS_SHOW_ENTRY=1 prints which one and why.
const { join } = require('node:path');
const { chooseEntry } = require('./entry.cjs');

const entry = chooseEntry(join(__dirname, '..'));
if (process.env.LIGHTSAIL_FLOWS_SHOW_ENTRY === '1') {
  console.error(`lightsail-flows runs from the ${entry.from}: ${entry.reason} (${entry.main})`);
}
if (entry.from === 'source') require('tsx/cjs');
require(entry.main);
