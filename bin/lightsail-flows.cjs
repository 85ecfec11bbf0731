#!/usr/bin/env node
// The project runs from its TypeScript sources (the workflow bundler reads them anyway), so the
// command registers tsx and loads the CLI's source: there is no build step to forget.
require('tsx/cjs');
require('../src/cli/main.ts');
