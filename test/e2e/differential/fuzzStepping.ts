// `npm run fuzz:stepping -- --actions N --seed S [--levels O0,Og,O2,Os]`: the differential stepping
// suite's walk, longer than npm test's, on every build; prints the counts and each difference.
import { parseArgs } from 'node:util';
import { steppingLevels, type SteppingLevel } from '../../helpers/firmware';
import { describeResult, runDifferential } from './differentialRun';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { actions: { type: 'string', default: '500' }, seed: { type: 'string', default: '1' }, levels: { type: 'string', default: steppingLevels.join(',') } } });
  const count = Number(values.actions);
  const seed = Number(values.seed);
  const levels = values.levels.split(',') as SteppingLevel[];
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || levels.some((level) => !steppingLevels.includes(level))) {
    throw new Error(`usage: npm run fuzz:stepping -- --actions N --seed S [--levels ${steppingLevels.join(',')}]`);
  }
  let failed = false;
  for (const level of levels) {
    const started = Date.now();
    const result = await runDifferential(level, seed, count);
    console.log(describeResult(result).join('\n'));
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    failed ||= result.differing.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
