#!/usr/bin/env node
// `node scripts/prune-production-dependencies.cjs <node_modules>`: run by the Dockerfile on the
// image's production dependencies. @temporalio/core-bridge ships its native module prebuilt for
// five platforms (about 28 MB each) and its Rust sources; a Linux image loads one of them. This
// keeps the module the bridge itself would load here (its own getPrebuiltTargetName) and removes
// the rest, about 120 MB of the image's 320 MB of dependencies.
const { readdirSync, rmSync } = require('node:fs');
const { join, resolve } = require('node:path');

const nodeModules = resolve(process.argv[2] ?? 'node_modules');
const bridge = join(nodeModules, '@temporalio', 'core-bridge');
const { getPrebuiltTargetName, getPrebuiltPath } = require(join(bridge, 'common.js'));

const keep = getPrebuiltTargetName();
for (const target of readdirSync(join(bridge, 'releases'))) {
  if (target !== keep) rmSync(join(bridge, 'releases', target), { recursive: true, force: true });
}
// Only needed to build the bridge from source, which an image never does.
for (const sources of ['sdk-core', 'src', 'bridge-macros', 'Cargo.toml', 'Cargo.lock']) {
  rmSync(join(bridge, sources), { recursive: true, force: true });
}
// Fails the image build here, not at the worker's start, if the one it needs went missing.
console.log(`Kept the Temporal core bridge for ${keep}: ${getPrebuiltPath()}`);
