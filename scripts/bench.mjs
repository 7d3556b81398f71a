// `npm run bench [name ...]`: runs test/bench/*.bench.ts one after another (they print figures and
// ratios to a peer measured in the same run). Benchmarks are never pass/fail tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const names = process.argv.slice(2);
const dir = join(root, 'test', 'bench');
const benches = (existsSync(dir) ? readdirSync(dir) : [])
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => names.length === 0 || names.some((name) => file.startsWith(name)))
  .sort();
if (benches.length === 0) {
  console.log('no benchmark matched');
  process.exit(1);
}
let status = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const result = spawnSync('node', ['--expose-gc', '--import', 'tsx', join(dir, file)], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) status = 1;
}
process.exit(status);
